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
import { wrapInContainer } from './containers.js';
import { ProcessTree, TREE_MARKER_ENV } from './tree.js';
import { contain, removeCgroup } from './containment.js';
import { readStat } from './proc.js';
const logger = log('payload.spawn');
/**
 * Spawn the payload. Throws UNKNOWNEXCEPTION ("command execution failed", as Pilot 3) when the
 * process cannot be started, and the container codes when the container cannot be set up.
 */
export function spawnPayload(opts) {
    let argv = opts.argv ?? (opts.command !== undefined ? ['/bin/bash', '-c', opts.command] : undefined);
    if (!argv || argv.length === 0)
        throw errors.UNKNOWNPAYLOADFAILURE('undefined payload command');
    const marker = opts.marker ?? randomBytes(16).toString('hex');
    const env = { ...(opts.env ?? process.env), [TREE_MARKER_ENV]: marker };
    let runtime;
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
    let out;
    let err;
    try {
        out = openSync(opts.stdoutPath, flags, 0o644);
        err = openSync(opts.stderrPath, flags, 0o644);
    }
    catch (e) {
        if (out !== undefined)
            closeSync(out);
        dropCgroup();
        throw errors.UNKNOWNEXCEPTION(`command execution failed: cannot open payload streams: ${e.message}`, e);
    }
    let child;
    try {
        child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env, detached: true, stdio: ['ignore', out, err] });
    }
    finally {
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
    const exited = new Promise((resolve) => {
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
            if (!report.remaining.length)
                dropCgroup();
            logger.info({ pid, ...report }, 'payload tree killed');
            return report;
        },
    };
}
//# sourceMappingURL=spawn.js.map