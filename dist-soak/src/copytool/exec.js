/**
 * Running an external transfer tool: no shell, argv only, a timeout and an AbortSignal, output
 * captured (bounded) for error mapping.
 */
import { spawn } from 'node:child_process';
const MAX_OUTPUT = 256 * 1024;
/**
 * Run `argv[0]` with `argv[1..]` (never through a shell). Kills the process group on timeout or
 * abort; an abort rejects with the signal's reason.
 */
export function runTool(argv, opts = {}) {
    return new Promise((resolve, reject) => {
        if (opts.signal?.aborted)
            return reject(opts.signal.reason);
        const child = spawn(argv[0], argv.slice(1), {
            env: opts.env ?? process.env,
            cwd: opts.cwd,
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
        });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        let aborted = false;
        const kill = () => {
            try {
                if (child.pid)
                    process.kill(-child.pid, 'SIGKILL');
            }
            catch {
                /* already gone */
            }
        };
        child.stdout.setEncoding('utf8').on('data', (d) => {
            if (stdout.length < MAX_OUTPUT)
                stdout += d;
        });
        child.stderr.setEncoding('utf8').on('data', (d) => {
            if (stderr.length < MAX_OUTPUT)
                stderr += d;
            opts.onStderr?.(d);
        });
        const timer = opts.timeoutS ? setTimeout(() => { timedOut = true; kill(); }, opts.timeoutS * 1000) : undefined;
        const onAbort = () => { aborted = true; kill(); };
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        child.on('error', (e) => {
            clearTimeout(timer);
            opts.signal?.removeEventListener('abort', onAbort);
            resolve({ exitCode: 127, signal: null, stdout, stderr: stderr + String(e.message), timedOut });
        });
        child.on('close', (code, sig) => {
            clearTimeout(timer);
            opts.signal?.removeEventListener('abort', onAbort);
            if (aborted)
                return reject(opts.signal.reason);
            resolve({ exitCode: code, signal: sig, stdout, stderr, timedOut });
        });
    });
}
//# sourceMappingURL=exec.js.map