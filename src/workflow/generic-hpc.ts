/**
 * Pilot 3's `generic_hpc` workflow (`-w generic_hpc --hpc-resource NAME`): one pilot per MPI rank,
 * no server connection, only Harvester's files. Harvester puts the PandaIDs of the worker in
 * `worker_pandaids.json` at the communication point (`--harvester-workdir`, else the current
 * directory) and each job's definition in `<point>/<PandaID>/HPCJobs.json`; the pilot of rank N
 * takes the N-th job (Pilot 3 takes the first whatever the rank since its MPI lookup was removed:
 * every rank would run the same job), runs it in that job's directory, publishes its work report
 * to `worker_attributes.json` at each step, packs the log tarball and declares the outputs and
 * the log in `event_status.dump.json` for Harvester to stage out.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { log } from '../common/log.js';
import type { PilotConfig } from '../config/index.js';
import { timeStamp, writeJsonFile } from '../server/harvester.js';

/** The MPI rank from the launcher's environment (Slurm, PMI, Open MPI, PMIx), 0 without one. */
export function mpiRank(env: NodeJS.ProcessEnv = process.env): number {
  for (const name of ['SLURM_PROCID', 'PMI_RANK', 'OMPI_COMM_WORLD_RANK', 'PMIX_RANK']) {
    const v = Number.parseInt(env[name] ?? '', 10);
    if (Number.isInteger(v) && v >= 0) return v;
  }
  return 0;
}

/** UTC 'YYYY-MM-DD HH:MM:SS', as the workflow stamps start and end. */
function utc(d = new Date()): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** What the workflow reads of a job (the parsed description). */
interface HpcJob {
  jobid: string;
  transformation: string;
  jobparams: string;
  outdata: Array<{ lfn: string; guid?: string }>;
  logdata: Array<{ lfn: string; guid?: string }>;
}

/** Options of {@link runGenericHpc}. */
export interface GenericHpcOptions {
  /** `--hpc-resource` (required, as in Pilot 3). */
  resource: string;
  /** `--harvester-workdir`, else the current directory. */
  communicationPoint: string;
  config: PilotConfig;
  env: NodeJS.ProcessEnv;
  /** Parse a job definition (our job parser). */
  parseJob(desc: Record<string, unknown>, workdir: string): Promise<HpcJob>;
}

/** Outcome of the rank's job. */
export interface GenericHpcResult {
  jobid?: string;
  state: 'finished' | 'failed';
  exitCode?: number;
}

/** Run this rank's job. Never throws: a failure is reported in the work report. */
export async function runGenericHpc(opts: GenericHpcOptions): Promise<GenericHpcResult> {
  const logger = log('generic_hpc');
  const name = (section: string, key: string, fallback: string) => opts.config.get(section, key, fallback) ?? fallback;
  const attributesName = name('Harvester', 'workerattributes_file', 'worker_attributes.json');
  const declarationName = name('Harvester', 'stageoutn_file', 'event_status.dump.json');
  const report: Record<string, unknown> = {
    jobStatus: 'starting',
    messageLevel: 'INFO',
    cpuConversionFactor: 1.0,
    cpuConsumptionTime: '',
    node: opts.env.PANDA_HOSTNAME || hostname(),
    workdir: '',
    timestamp: timeStamp(),
    endTime: '',
    transExitCode: 0,
    pilotErrorCode: 0,
  };
  let attributes = path.join(opts.communicationPoint, attributesName);
  const publish = () => {
    report.timestamp = timeStamp();
    writeJsonFile(attributes, report);
    logger.info({ file: attributes, jobStatus: report.jobStatus }, 'work report published');
  };
  if (!opts.resource) {
    logger.error('hpc resource not specified (--hpc-resource), cannot continue');
    return { state: 'failed' };
  }
  let job: HpcJob | undefined;
  try {
    const point = path.resolve(opts.communicationPoint);
    const idsFile = path.join(point, name('Harvester', 'jobs_list_file', 'worker_pandaids.json'));
    if (!existsSync(idsFile)) {
      logger.info({ file: idsFile }, 'no file with PanDA IDs: nothing to execute');
      return { state: 'failed' };
    }
    const ids = JSON.parse(readFileSync(idsFile, 'utf8')) as Array<number | string>;
    const rank = mpiRank(opts.env);
    if (rank >= ids.length) {
      logger.info({ rank, jobs: ids.length }, 'no job for this rank');
      return { state: 'finished' };
    }
    const pandaID = String(ids[rank]);
    const workdir = path.join(point, pandaID);
    logger.info({ rank, pandaID, workdir }, 'rank takes its job');
    const defs = JSON.parse(readFileSync(path.join(workdir, name('Harvester', 'pandajob_file', 'HPCJobs.json')), 'utf8')) as Record<string, Record<string, unknown>>;
    job = await opts.parseJob({ ...defs[pandaID], PandaID: defs[pandaID]?.PandaID ?? pandaID }, workdir);
    report.workdir = workdir;
    attributes = path.join(workdir, attributesName);
    publish();

    const stdoutName = name('Payload', 'payloadstdout', 'payload.stdout');
    const stderrName = name('Payload', 'payloadstderr', 'payload.stderr');
    report.jobStatus = 'running';
    report.startTime = utc();
    publish();
    const timesFile = path.join(workdir, '.payload-times');
    const [out, err] = await Promise.all([open(path.join(workdir, stdoutName), 'w'), open(path.join(workdir, stderrName), 'w')]);
    // `times` reports the CPU time of the payload's processes (Pilot 3 takes the children's user time)
    const script = `${job.transformation} ${job.jobparams}\nec=$?\ntimes > '${timesFile.replace(/'/g, `'\\''`)}'\nexit $ec`;
    const exitCode = await new Promise<number>((resolve) => {
      const child = spawn('/bin/bash', ['-c', script], { cwd: workdir, env: opts.env, stdio: ['ignore', out.fd, err.fd] });
      child.on('error', () => resolve(127));
      child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? 15 : 0)));
    });
    await Promise.all([out.close(), err.close()]);
    report.endTime = utc();
    report.cpuConsumptionTime = childUserSeconds(timesFile);
    report.transExitCode = exitCode;
    report.jobStatus = exitCode === 0 ? 'finished' : 'failed';
    logger.info({ jobid: job.jobid, exitCode, cpu: report.cpuConsumptionTime }, 'payload done');

    // the log tarball holds everything but the outputs and Harvester's files
    const outputs = new Set(job.outdata.map((f) => f.lfn));
    const logName = job.logdata[0]?.lfn;
    if (logName) {
      const keep = new Set([...outputs, attributesName, declarationName, logName, '.payload-times']);
      const files = (await readdir(workdir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && !keep.has(e.name))
        .map((e) => path.relative(workdir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)));
      const tar = await import('tar');
      await tar.c({ gzip: true, file: path.join(workdir, logName), cwd: workdir, portable: true }, files);
    }
    // declare what Harvester is to stage out; a missing output fails the job
    const entries: Record<string, unknown>[] = [];
    for (const f of [...job.outdata, ...job.logdata]) {
      const p = path.join(workdir, f.lfn);
      if (!existsSync(p)) {
        logger.warn({ lfn: f.lfn }, 'expected output file is missing: the job fails');
        report.jobStatus = 'failed';
        continue;
      }
      const entry: Record<string, unknown> = { filetype: f.lfn === logName ? 'log' : 'output', path: p, fsize: statSync(p).size };
      if (f.guid) entry.guid = f.guid;
      entries.push(entry);
    }
    if (entries.length) writeJsonFile(path.join(workdir, declarationName), { [job.jobid]: entries });
    publish();
    return { jobid: job.jobid, state: report.jobStatus as 'finished' | 'failed', exitCode };
  } catch (e) {
    report.jobStatus = 'failed';
    report.exitMsg = (e as Error).message;
    try {
      publish();
    } catch {
      // nowhere to report to
    }
    logger.error({ err: (e as Error).message }, 'generic_hpc workflow failed');
    return { jobid: job?.jobid, state: 'failed' };
  }
}

/** The children's user seconds from bash's `times` (second line: "0m1.230s 0m0.010s"). */
function childUserSeconds(file: string): number {
  try {
    const line = readFileSync(file, 'utf8').split('\n')[1] ?? '';
    const m = /(\d+)m([\d.]+)s/.exec(line);
    return m ? Math.round(Number(m[1]) * 60 + Number(m[2])) : 0;
  } catch {
    return 0;
  }
}
