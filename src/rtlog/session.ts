/**
 * Real-time logging for the jobs of a pilot: a {@link RealtimeLogger} and a {@link LineTailer}
 * per job from its payload's start to the end of the payload (Pilot 3 sends nothing during
 * stage-in/out), the rest sent when the job ends.
 */
import { log } from '../common/log.js';
import { LineTailer, RealtimeLogger, rtDestination, rtLogFiles } from './realtime.js';

const logger = log('rtlogging');

/** What the sessions need from the pilot. */
export interface RealtimeSetup {
  /** --realtime-logging-server, --realtime-logname, --realtime-logging-format */
  server?: string | null;
  logname?: string | null;
  format?: string | null;
  catchall?: string;
  /** [Pilot] rtlogging */
  configValue?: string;
  /** [Pilot] rtlogging_interval (seconds) */
  intervalS?: number;
  env: NodeJS.ProcessEnv;
}

/** The part of a job run used here (JobRun fits). */
interface RunLike {
  jobid: string;
  workdir: string;
  job: { taskid?: unknown; taskID?: unknown; requestid?: unknown; [k: string]: unknown };
}

/** Hooks for the job states; undefined (logged) when no log server is known. */
export function realtimeSessions(s: RealtimeSetup): { onState(run: RunLike, state: string): void; close(): Promise<void> } | undefined {
  const destination = rtDestination(s.server, s.catchall, s.configValue);
  if (!destination) {
    logger.warn('real-time logging asked for but no usable server (--realtime-logging-server, catchall logging=, [Pilot] rtlogging)');
    return undefined;
  }
  logger.info({ ...destination, logname: s.logname ?? 'pilot-log' }, 'real-time logging');
  const open = new Map<string, { rt: RealtimeLogger; tail: LineTailer }>();
  const closing: Promise<void>[] = [];
  const end = (jobid: string) => {
    const o = open.get(jobid);
    if (!o) return;
    open.delete(jobid);
    o.tail.stop();
    closing.push(o.rt.close().then(() => logger.info({ jobid, lines: o.rt.sent, failures: o.rt.failures }, 'real-time logging of the job ended')));
  };
  return {
    onState(run, state) {
      if (state === 'running' && !open.has(run.jobid)) {
        const jobinfo: Record<string, unknown> = { TaskID: run.job.taskid ?? run.job.taskID, PandaJobID: run.jobid };
        if (s.env.HARVESTER_WORKER_ID) jobinfo.Harvester_WorkerID = s.env.HARVESTER_WORKER_ID;
        if (s.env.HARVESTER_ID) jobinfo.Harvester_ID = s.env.HARVESTER_ID;
        if (run.job.requestid) jobinfo.RequestID = run.job.requestid;
        const intervalMs = 1000 * (s.intervalS ?? 5);
        const rt = new RealtimeLogger({ destination, logname: s.logname ?? undefined, format: s.format === 'text' ? 'text' : 'json', jobinfo, intervalMs });
        const files = rtLogFiles(run.workdir, s.env);
        const tail = new LineTailer(files, (line) => rt.add(line), intervalMs);
        open.set(run.jobid, { rt, tail });
        logger.info({ jobid: run.jobid, files }, 'real-time logging of the job');
      } else if (['stageout', 'finished', 'failed'].includes(state)) end(run.jobid);
    },
    async close() {
      for (const id of [...open.keys()]) end(id);
      await Promise.all(closing);
    },
  };
}
