/**
 * Stage-in/out in a separate process, when the queue asks for it (Pilot 3's pilot/util/middleware.py,
 * chosen in pilot/control/data.py): queuedata.container_type `container:middleware` runs the
 * transfers inside the middleware container, `bash:middleware` in a separate process on the node.
 *
 * The process is the pilot's own executable (`panda-pilot middleware <request>`, see
 * middleware-tool.ts) running the same job-level code as the in-process path, so file statuses,
 * checksums, sizes, turls, traces and error codes are those of the in-process path. The pilot writes
 * `<label>_request.json` (files and queue/storage data, never credentials) in the work dir and
 * reads `<label>_result.json` back; the tool's stdout/stderr go to Pilot 3's `stagein_stdout.txt`,
 * `stagein_stderr.txt`, `stageout_stdout.txt`, `stageout_stderr.txt`.
 *
 * How the container starts (middleware-launch.ts): the experiment's launcher when it has one and
 * can (ATLAS: ALRB's `setupATLAS -c <image>`), else the pilot's runtime (Apptainer/Singularity when
 * installed, bubblewrap otherwise) on the [Container] middleware_container image.
 *
 * Failures of the container or of the tool (no result written) are Pilot 3's STAGEINFAILED (1099)
 * / STAGEOUTFAILED (1137), with the reason and the end of the tool's stderr as diag.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, PilotError, asPilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { parseContainerType } from '../payload/containers.js';
import { buildLaunch, localStorageDirs, type MiddlewareLauncher, type MiddlewareSettings } from './middleware-launch.js';
import type { TransferFile } from './types.js';

export type { MiddlewareLauncher, MiddlewareSettings, LaunchRequest, Launch } from './middleware-launch.js';

const logger = log('data.middleware');

/** The container or the tool failed before writing a result (not a transfer error it reported). */
export class MiddlewareFailure extends PilotError {}

/** What runs in the separate process: the job's inputs, outputs, or its log. */
export type MiddlewareLabel = 'stage-in' | 'stage-out' | 'log';

/** Pilot 3's use_middleware_script: the queue's middleware type is `container` or `bash`. */
export function middlewareMode(queuedata: { container_type?: string | Record<string, string> | null } | null | undefined): 'container' | 'bash' | undefined {
  const t = parseContainerType(queuedata?.container_type ?? undefined).middleware;
  return t === 'container' || t === 'bash' ? t : undefined;
}

/** The request the tool reads (`<label>_request.json`): everything but credentials. */
export interface MiddlewareRequest {
  label: MiddlewareLabel;
  /** Job fields of DataJob (is_analysis resolved). */
  job: Record<string, unknown> & { workdir: string; analysis: boolean };
  /** The files to transfer (for stage-out/log: the ones not transferred yet). */
  files: TransferFile[];
  /** Stage-out activities (stage-out and log). */
  activities?: string[];
  /** The serialisable part of DataContext. */
  ctx: {
    queuedata?: unknown;
    storagedata?: Record<string, unknown>;
    traceUrl?: string;
    rucioUrl?: string;
    caFile?: string;
    inputDir?: string;
    outputDir?: string;
    pilotHome?: string;
    queue?: string;
    mvFinalDestination?: boolean;
    timeoutS?: number;
  };
}

/** What the tool writes back (`<label>_result.json`). */
export interface MiddlewareResult {
  files: TransferFile[];
  checkinputsize?: boolean;
  error?: { code: number; diag: string };
}

/** Base names (Pilot 3's: stage-in and stage-out; the log uses the stage-out names, as Pilot 3). */
export function middlewareFiles(label: MiddlewareLabel, names: MiddlewareSettings['names'] = {}): { request: string; result: string; stdout: string; stderr: string } {
  const s = label === 'stage-in' ? 'stagein' : 'stageout';
  return {
    request: `${s}_request.json`,
    result: `${s}_result.json`,
    stdout: (label === 'stage-in' ? names.stageinStdout : names.stageoutStdout) || `${s}_stdout.txt`,
    stderr: (label === 'stage-in' ? names.stageinStderr : names.stageoutStderr) || `${s}_stderr.txt`,
  };
}

async function tail(file: string, n = 1500): Promise<string> {
  try {
    const t = (await readFile(file, 'utf8')).trim();
    return t.length > n ? `...${t.slice(-n)}` : t;
  } catch {
    return '';
  }
}

/** Run the tool once and wait for it; resolves with its exit code (or signal name). */
function runProcess(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; stdout: string; stderr: string; signal?: AbortSignal }): Promise<{ code: number | null; signal: string | null; spawnError?: string }> {
  const out = openSync(opts.stdout, 'w');
  const err = openSync(opts.stderr, 'w');
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ['ignore', out, err], detached: true });
    closeSync(out);
    closeSync(err);
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      // its own process group: the runtime and the tool inside go together
      const kill = (s: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, s);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), 10_000);
      killTimer.unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (e) => resolve({ code: null, signal: null, spawnError: e.message }));
    child.once('exit', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, signal });
    });
  });
}

/** Copy the tool's results onto the caller's file objects (same order, same lfns). */
function applyResult(files: TransferFile[], result: MiddlewareResult): void {
  const byLfn = new Map(result.files.map((f) => [f.lfn, f]));
  for (const f of files) {
    const r = byLfn.get(f.lfn);
    if (r) Object.assign(f, r);
  }
}

/**
 * Transfer `files` in the separate process. Resolves with the tool's result applied to `files`;
 * throws the tool's PilotError (its code, as the in-process path throws it), or 1099/1137 when the
 * container or the tool failed before writing a result.
 */
export async function runMiddleware(request: MiddlewareRequest, files: TransferFile[], settings: MiddlewareSettings, opts: { env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<MiddlewareResult> {
  const { label } = request;
  const workdir = request.job.workdir;
  const names = middlewareFiles(label, settings.names);
  const fail = (diag: string) => new MiddlewareFailure(label === 'stage-in' ? ErrorCodes.STAGEINFAILED : ErrorCodes.STAGEOUTFAILED, diag);
  await rm(join(workdir, names.result), { force: true });
  await writeFile(join(workdir, names.request), JSON.stringify(request, null, 1));
  let launch;
  try {
    const storageDirs = localStorageDirs(request.ctx.storagedata, request.ctx.queuedata as never, files.flatMap((f) => [f.ddmendpoint, f.ddmendpoint_alt, ...(f.inputddms ?? [])]));
    // the files' own local storage written for the first time: its directory must exist to be bound
    if (label !== 'stage-in' && settings.mode === 'container') {
      for (const d of localStorageDirs(request.ctx.storagedata, undefined, files.flatMap((f) => [f.ddmendpoint, f.ddmendpoint_alt]))) await mkdir(d, { recursive: true }).catch(() => undefined);
    }
    launch = buildLaunch({ mode: settings.mode, workdir, requestFile: names.request, label, env: opts.env, settings, inputDir: request.ctx.inputDir, outputDir: request.ctx.outputDir, storageDirs });
  } catch (e) {
    const err = asPilotError(e);
    throw fail(`middleware ${settings.mode}: ${err.diag}`);
  }
  logger.info({ label, how: launch.how, argv: launch.argv.join(' ').slice(0, 2000) }, `${label} runs in a separate process (logging goes to ${names.stdout}, ${names.stderr})`);
  for (const [name, content] of Object.entries(launch.files ?? {})) await writeFile(join(workdir, name), content, { mode: 0o755 });
  const stdout = join(workdir, names.stdout);
  const stderr = join(workdir, names.stderr);
  const exit = await runProcess(launch.argv, { cwd: workdir, env: { ...opts.env, ...launch.env }, stdout, stderr, signal: opts.signal });
  opts.signal?.throwIfAborted();
  let result: MiddlewareResult | undefined;
  try {
    result = JSON.parse(await readFile(join(workdir, names.result), 'utf8')) as MiddlewareResult;
    if (!result || !Array.isArray(result.files)) throw new Error('not a result');
  } catch {
    result = undefined;
  }
  if (!result) {
    const how = exit.spawnError ? `could not be started (${exit.spawnError})` : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const errTail = await tail(stderr);
    throw fail(`${label} in the middleware ${settings.mode} (${launch.how}) ${how} without a result${errTail ? `: ${errTail}` : ''}`);
  }
  logger.info({ label, exitCode: exit.code, files: result.files.map((f) => [f.lfn, f.status, f.status_code]) }, `${label} process finished`);
  applyResult(files, result);
  if (result.error?.code) throw new PilotError(result.error.code, result.error.diag);
  return result;
}

