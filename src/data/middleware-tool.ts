/**
 * The middleware tool: `panda-pilot middleware --workdir W REQUEST` (started by middleware.ts,
 * inside the middleware container or as a separate process). Reads `W/REQUEST`, runs the same
 * job-level stage-in / stage-out code the pilot runs in-process (job.ts), writes the files as they
 * ended and the error (code, diag) to `<stagein|stageout>_result.json`. Logs go to stdout (the pilot
 * keeps them in `stagein_stdout.txt` / `stageout_stdout.txt`), starting with where the tool runs
 * (mount and PID namespaces, container image), so a reader of the log can tell it was contained.
 *
 * Exit codes: 0 done, 12 transfer error (result written, as Pilot 3's scripts), 1 bad request.
 */
import { readlinkSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { asPilotError, type PilotError } from '../common/errors.js';
import { initLogging, log } from '../common/log.js';
import { TRANSFER_ERROR } from './scripts.js';
import { middlewareFiles, type MiddlewareRequest, type MiddlewareResult } from './middleware.js';
import { stageInJob, stageOutFiles, type DataContext, type DataJob } from './job.js';
import type { StorageDataLike } from './types.js';

const logger = log('middleware.tool');

function ns(name: string): string {
  try {
    return readlinkSync(`/proc/self/ns/${name}`);
  } catch {
    return 'unknown';
  }
}

/** Where this process runs: namespaces and the container image the runtime announces. */
export function whereAmI(env: NodeJS.ProcessEnv = process.env): Record<string, string | number> {
  return {
    pid: process.pid,
    host: hostname(),
    mntns: ns('mnt'),
    pidns: ns('pid'),
    container: env.APPTAINER_CONTAINER ?? env.SINGULARITY_CONTAINER ?? env.PANDA_MIDDLEWARE_RUNTIME ?? '',
  };
}

function parseArgs(argv: string[]): { workdir: string; request: string } {
  let workdir = process.cwd();
  let request = '';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--workdir') workdir = argv[++i] ?? workdir;
    else request = argv[i]!;
  }
  if (!request) throw new Error('usage: panda-pilot middleware --workdir DIR REQUEST.json');
  return { workdir, request };
}

/** Run the request; resolves with the exit code. */
export async function middlewareMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  initLogging({ console: true, level: 'info' });
  let workdir: string;
  let req: MiddlewareRequest;
  try {
    const a = parseArgs(argv);
    workdir = a.workdir;
    req = JSON.parse(await readFile(join(workdir, a.request), 'utf8')) as MiddlewareRequest;
    if (!req || !Array.isArray(req.files) || !req.job) throw new Error('not a middleware request');
  } catch (e) {
    process.stderr.write(`panda-pilot middleware: ${(e as Error).message}\n`);
    return 1;
  }
  logger.info(whereAmI(env), `middleware ${req.label} tool started`);
  const abort = new AbortController();
  const onTerm = (s: NodeJS.Signals) => abort.abort(new Error(`${req.label} interrupted by ${s}`));
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onTerm);
  const { analysis, ...jobFields } = req.job;
  const job = { ...jobFields, workdir, indata: [], outdata: [], logdata: [], is_analysis: () => analysis } as unknown as DataJob;
  const c = req.ctx;
  const ctx: DataContext = {
    queuedata: c.queuedata as DataContext['queuedata'],
    storagedata: c.storagedata as Record<string, StorageDataLike> | undefined,
    traceUrl: c.traceUrl,
    rucio: c.rucioUrl ? { url: c.rucioUrl, env } : { env },
    caFile: c.caFile,
    inputDir: c.inputDir,
    outputDir: c.outputDir,
    pilotHome: c.pilotHome,
    queue: c.queue,
    mvFinalDestination: c.mvFinalDestination,
    timeoutS: c.timeoutS,
    env,
    progress: true,
    signal: abort.signal,
  };
  let error: PilotError | undefined;
  try {
    if (req.label === 'stage-in') {
      job.indata = req.files;
      await stageInJob(job, ctx);
    } else {
      await stageOutFiles(job, req.files, req.activities ?? ['pw'], ctx);
    }
  } catch (e) {
    error = asPilotError(e);
    logger.warn({ code: error.code, diag: error.diag }, `${req.label} failed`);
  }
  const result: MiddlewareResult = { files: req.files, checkinputsize: job.checkinputsize, ...(error ? { error: { code: error.code, diag: error.diag } } : {}) };
  await writeFile(join(workdir, middlewareFiles(req.label).result), JSON.stringify(result, null, 1));
  logger.info({ files: req.files.map((f) => [f.lfn, f.status, f.status_code]) }, `middleware ${req.label} tool finished`);
  return error ? TRANSFER_ERROR : 0;
}
