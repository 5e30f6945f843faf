/**
 * Starting the payload: detached in its own session and process group (Pilot 3's
 * start_new_session=True), in its own cgroup or PID namespace where possible (containment.ts),
 * stdout/stderr written straight to payload.stdout / payload.stderr through
 * file descriptors (nothing is piped through the pilot), a unique marker in its environment so the
 * process tree can find escaped daemons, optionally wrapped in a container.
 *
 * The direct child is reaped by Node (its 'exit' event resolves {@link PayloadProcess.exited});
 * escaped daemons are reparented to init, which reaps them after {@link PayloadProcess.kill}.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { now } from '../common/timing.js';
import { wrapInContainer, type ContainerSpec } from './containers.js';
import { ProcessTree, TREE_MARKER_ENV, type KillReport } from './tree.js';
import { contain, removeCgroup, removeCgroupWhenEmpty, type ContainmentMode } from './containment.js';
import { readStat } from './proc.js';

const logger = log('payload.spawn');

/** How the payload ended: exactly one of the two is non-null. */
export interface PayloadExit {
  exitCode: number | null;
  signal: string | null;
}

/** Options of {@link spawnPayload}: give `argv` (no shell) or `command` (run by /bin/bash -c). */
export interface SpawnPayloadOptions {
  argv?: string[];
  command?: string;
  cwd: string;
  /** Full environment of the payload (default: the pilot's own). */
  env?: NodeJS.ProcessEnv;
  stdoutPath: string;
  stderrPath: string;
  /** Append to the stream files instead of truncating them (Pilot 3 does so for event service). */
  append?: boolean;
  container?: ContainerSpec;
  /** Marker value for the tree (default: 128 random bits). */
  marker?: string;
  /** How the whole tree is kept findable (default `auto`: cgroup, else PID namespace, else marker). */
  containment?: ContainmentMode | 'auto';
}

/** A running payload. */
export interface PayloadProcess {
  pid: number;
  pgid: number;
  /** The runtime used when the payload runs in a container. */
  runtime?: string;
  /** Epoch seconds at spawn. */
  startTime: number;
  /** The argv actually executed (after container wrapping). */
  argv: string[];
  tree: ProcessTree;
  /** The tree's marker value and the containment in use (journaled so a later pilot finds the tree). */
  marker: string;
  containment: ContainmentMode;
  cgroupDir?: string;
  /** Kernel start time (clock ticks) of `pid`. */
  startTicks: number;
  exited: Promise<PayloadExit>;
  /** SIGTERM the whole tree, wait up to graceMs (default 10 s as Pilot 3), SIGKILL what remains. */
  kill(graceMs?: number): Promise<KillReport>;
}

/**
 * Spawn the payload. Throws UNKNOWNEXCEPTION ("command execution failed", as Pilot 3) when the
 * process cannot be started, and the container codes when the container cannot be set up.
 */
export function spawnPayload(opts: SpawnPayloadOptions): PayloadProcess {
  let argv = opts.argv ?? (opts.command !== undefined ? ['/bin/bash', '-c', opts.command] : undefined);
  if (!argv || argv.length === 0) throw errors.UNKNOWNPAYLOADFAILURE('undefined payload command');
  const marker = opts.marker ?? randomBytes(16).toString('hex');
  const env: NodeJS.ProcessEnv = { ...(opts.env ?? process.env), [TREE_MARKER_ENV]: marker };
  let runtime: string | undefined;
  if (opts.container) {
    const wrapped = wrapInContainer(argv, opts.container, { pathEnv: env.PATH, keepEnv: { [TREE_MARKER_ENV]: marker } });
    argv = wrapped.argv;
    runtime = wrapped.runtime;
    Object.assign(env, wrapped.env);
  }
  const contained = contain(argv, opts.containment ?? 'auto', marker.slice(0, 16), { container: Boolean(opts.container) });
  argv = contained.argv;
  const dropCgroup = () => contained.cgroupDir && removeCgroup(contained.cgroupDir);
  const flags = opts.append ? 'a' : 'w';
  let out: number | undefined;
  let err: number | undefined;
  try {
    out = openSync(opts.stdoutPath, flags, 0o644);
    err = openSync(opts.stderrPath, flags, 0o644);
  } catch (e) {
    if (out !== undefined) closeSync(out);
    dropCgroup();
    throw errors.UNKNOWNEXCEPTION(`command execution failed: cannot open payload streams: ${(e as Error).message}`, e);
  }
  let child;
  try {
    child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd, env, detached: true, stdio: ['ignore', out, err] });
  } finally {
    // The child has its own copies; ours are not needed any more.
    closeSync(out);
    closeSync(err);
  }
  const startTime = now();
  if (child.pid === undefined) {
    // The 'error' event follows on the next tick; swallow it, the throw below reports it.
    child.once('error', () => undefined);
    dropCgroup();
    throw errors.UNKNOWNEXCEPTION(`command execution failed: could not start ${argv[0]} in ${opts.cwd}`);
  }
  const pid = child.pid;
  const exited = new Promise<PayloadExit>((resolve) => {
    child.once('exit', (exitCode, signal) => {
      // An empty cgroup goes now; one with daemons left stays until kill() has ended them.
      dropCgroup();
      resolve({ exitCode, signal });
    });
    child.once('error', (e) => {
      logger.warn({ err: e.message }, 'payload process error');
    });
  });
  const tree = new ProcessTree({ rootPid: pid, pgid: pid, marker, cgroupDir: contained.cgroupDir });
  logger.info({ pid, runtime, cwd: opts.cwd, containment: contained.mode, cgroup: contained.cgroupDir }, 'payload started');
  return {
    pid,
    pgid: pid,
    runtime,
    startTime,
    argv,
    tree,
    marker,
    containment: contained.mode,
    cgroupDir: contained.cgroupDir,
    startTicks: readStat(pid)?.starttime ?? 0,
    exited,
    async kill(graceMs = 10_000) {
      const report = await tree.kill(graceMs);
      if (!report.remaining.length && contained.cgroupDir) await removeCgroupWhenEmpty(contained.cgroupDir);
      logger.info({ pid, ...report }, 'payload tree killed');
      return report;
    },
  };
}
