/**
 * The executors Pilot 3 chooses from the job (pilot/control/payload.py): `eventService` → the ES
 * executor, `eventServiceMerge` → the merge executor, anything else → generic. The job steps call
 * {@link executorKind} once and hand the ES executor its three moments: the command (channel
 * injected), the payload started, the payload gone (verdict). Everything else of a job — watchers,
 * heartbeats, log, final update — runs as for any job.
 */
import { ErrorCodes, PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { objectStoreFor, type EsOutputStore, type EsStoreContext } from './objectstore.js';
import { injectChannel } from './protocol.js';
import { RangeSupply } from './ranges.js';
import { EsSession, type OutputMode, type SessionStats } from './session.js';
import { RangeUpdater, type UpdateSender } from './updates.js';
import { YamplServer, type MessageTransport } from './yampl.js';
import type { Bind } from '../payload/containers.js';

const logger = log('eventservice');

export { executorKind, type ExecutorKind } from './kind.js';

/** The server calls the ES executor makes. */
export interface EsServer {
  getEventRanges(data: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  updateEventRanges(data: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** The job fields used. */
export interface EsJob {
  jobid: string;
  jobsetid?: string | number;
  taskid?: string | number;
  corecount?: number;
}

export interface EsExecutorOptions {
  job: EsJob;
  workdir: string;
  server: EsServer;
  /** Data context for the object store (ignored when `store` is given). */
  data?: EsStoreContext;
  store?: EsOutputStore;
  mode?: OutputMode;
  /** Zip mode period (s); Pilot 3's queuedata es_stageout_gap. */
  zipGapS?: number;
  /** How long a payload may run on after `No more events` (Pilot 3: 1800 s). */
  waitingTimeS?: number;
  /** Channel name (default Pilot 3's `EventService_EventRanges_<pilot pid>`). */
  channel?: string;
  /** A transport other than yampl's local one (tests of the protocol layer). */
  transport?: MessageTransport;
  /** Kill the payload (the executor stops it for stage-out storms and the waiting time). */
  killPayload?: (err: PilotError) => void;
}

/** The verdict once the payload is gone. */
export interface EsVerdict {
  /** The job's error, when the event service decides it (else the exit analysis does). */
  error?: PilotError;
  /** Ranges finished (Pilot 3 counts ranges as the job's nEvents). */
  nEvents: number;
  handedOut: number;
  finished: number;
  failed: number;
  fatal: number;
}

/** A running ES executor. */
export interface EsRun {
  readonly channel: string;
  /**
   * The payload's container with the channel's socket bound in (yampl's local channel is a fixed
   * `/tmp/zmq_<name>`, and containers get a /tmp of their own); undefined stays undefined.
   */
  inContainer<T extends { binds?: Bind[] }>(spec: T | undefined): T | undefined;
  /** The payload command with the channel injected (Pilot 3's init_yampl_socket). */
  command(cmd: string): string;
  /** The payload ended (exit status as analysed), or the job was aborted with `aborted`. */
  finish(exit: { exitCode: number | null; signal: string | null }, aborted?: PilotError): Promise<EsVerdict>;
  readonly stats: SessionStats;
  readonly session: EsSession;
}

/** Open the channel, start prefetching ranges and answer the payload. */
export async function startEventService(o: EsExecutorOptions): Promise<EsRun> {
  const channel = o.channel ?? `EventService_EventRanges_${process.pid}`;
  const type = process.env.PILOT_ES_EXECUTOR_TYPE;
  if (type && type !== 'generic') logger.warn({ type }, 'PILOT_ES_EXECUTOR_TYPE is not supported (HPO, Raythena and fine-grained executors are out of scope): the generic ES executor runs');
  let transport: MessageTransport;
  try {
    transport = o.transport ?? (await YamplServer.listen(channel));
  } catch (e) {
    throw errors.MESSAGEHANDLINGFAILURE(`failed to set up the event-range channel ${channel}: ${(e as Error).message}`);
  }
  const corecount = Math.max(1, o.job.corecount ?? 1);
  const supply = new RangeSupply(
    (n) => o.server.getEventRanges({ pandaID: o.job.jobid, jobsetID: o.job.jobsetid ?? '', taskID: o.job.taskid ?? '', nRanges: n }),
    corecount,
  );
  let killedBy: PilotError | undefined;
  const kill = (err: PilotError) => {
    killedBy ??= err;
    o.killPayload?.(err);
  };
  const send: UpdateSender = (u) => o.server.updateEventRanges(u);
  const updater = new RangeUpdater(send, (command) => {
    if (command.includes('tobekilled')) kill(errors.PANDAKILL('job killed by the server (updateEventRanges answered tobekilled)'));
  });
  const session = new EsSession({
    workdir: o.workdir,
    corecount,
    transport,
    supply,
    updater,
    store: o.store ?? (o.data ? objectStoreFor(o.data) : undefined),
    mode: o.mode ?? 'zip',
    zipGapS: o.zipGapS ?? 7200,
    stop: (reason, code) => {
      session.sayNoMoreEvents();
      kill(new PilotError(code, reason));
    },
  });
  session.start();
  // After `No more events` the payload has waitingTimeS to end (Pilot 3's monitor TimeoutError).
  const waitingMs = (o.waitingTimeS ?? 1800) * 1000;
  const watch = setInterval(() => {
    const t = session.noMoreEventsAt;
    if (t !== undefined && performance.now() - t > waitingMs) {
      clearInterval(watch);
      kill(errors.PAYLOADEXECUTIONFAILURE(`payload still running ${o.waitingTimeS ?? 1800} s after "No more events"`));
    }
  }, Math.min(1000, Math.max(50, waitingMs / 4))).unref();
  logger.info({ channel, corecount, mode: o.mode ?? 'zip' }, 'event service started');

  return {
    channel,
    stats: session.stats,
    session,
    inContainer(spec) {
      if (!spec || !(transport instanceof YamplServer)) return spec;
      return { ...spec, binds: [...(spec.binds ?? []), { src: transport.path, dst: transport.path, ro: false }] };
    },
    command(cmd) {
      const { command, warnings } = injectChannel(cmd, channel);
      for (const w of warnings) logger.warn(w);
      return command;
    },
    async finish(exit, aborted) {
      clearInterval(watch);
      const cause = aborted ?? killedBy;
      const early = session.noMoreEventsAt === undefined;
      const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.exitCode}`;
      const openCode = cause?.code ?? ErrorCodes.ESRECOVERABLE;
      const openDiag = cause ? `range not finished: ${cause.diag}` : `payload ended (${how}) before finishing the range`;
      try {
        await session.finish(openCode, openDiag);
      } finally {
        await transport.close();
      }
      const v: EsVerdict = { nEvents: session.finished, handedOut: supply.handedOut, finished: session.finished, failed: session.failed, fatal: session.fatal };
      const cleanExit = exit.exitCode === 0 && !exit.signal;
      if (cause) v.error = cause;
      else if (session.error) v.error = errors.MESSAGEHANDLINGFAILURE(session.error.message);
      else if (!cleanExit) v.error = undefined; // the exit analysis gives Pilot 3's code
      else if (early) v.error = errors.ESRECOVERABLE(`payload exited before "No more events" (${supply.open.size + v.failed} ranges failed, ${v.finished} finished)`);
      else if (supply.handedOut === 0) v.error = errors.ESNOEVENTS('the server had no event ranges for this job');
      else if (v.fatal) v.error = errors.ESFATAL(`${v.fatal} event ranges failed fatally`);
      else if (!v.finished) v.error = errors.ESRECOVERABLE(`no event range succeeded (${v.failed} failed)`);
      logger.info({ ...v, error: v.error?.code, requests: supply.requests, updates: updater.sent }, 'event service finished');
      return v;
    },
  };
}

/** The merge executor's preparation (Pilot 3's eventservicemerge utility_before_payload): untar, writeToFile. */
export async function prepareMergeJob(job: { indata: { lfn: string; is_tar?: boolean }[]; process_writetofile?: () => void }, workdir: string): Promise<void> {
  const tar = await import('tar');
  const { safeJoin } = await import('../copytool/paths.js');
  for (const f of job.indata) {
    if (!f.is_tar) continue;
    logger.info({ lfn: f.lfn }, 'untar merge input');
    await tar.x({ file: safeJoin(workdir, f.lfn), cwd: workdir });
  }
  job.process_writetofile?.();
}
