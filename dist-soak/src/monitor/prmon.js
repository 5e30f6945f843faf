/**
 * Running the real prmon when a queue asks for it and it is installed.
 *
 * Detection walks PATH with access(X_OK) — no child process. prmon is started as Pilot 3 starts it
 * (`prmon --pid <pid> --filename memory_monitor_output.txt --json-summary
 * memory_monitor_summary.json --interval <s>` in the work dir) and stopped with SIGUSR1 so it
 * writes its summary, then waited for (Pilot 3 waits up to 21 × 3 s for the file).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MEMORY_MONITOR_OUTPUT, MEMORY_MONITOR_SUMMARY } from './memory-monitor.js';
import { parseMonitorTable, summaryFromTable } from './prmon-format.js';
/** Full path of the prmon executable on PATH, or undefined. */
export function findPrmon(path = process.env.PATH ?? '') {
    for (const dir of path.split(delimiter)) {
        if (!dir)
            continue;
        const file = join(dir, 'prmon');
        try {
            accessSync(file, constants.X_OK);
            return file;
        }
        catch {
            // not here
        }
    }
    return undefined;
}
/** Whether the queue asks for prmon (queuedata.params.memory_monitor == "prmon" or "prmon" in catchall). */
export function queueWantsPrmon(queue) {
    const p = queue?.params?.memory_monitor;
    return p === 'prmon' || /\bprmon\b/.test(queue?.catchall ?? '');
}
/** A running prmon attached to one payload process. */
export class PrmonProcess {
    binary;
    pid;
    workdir;
    child;
    exited;
    constructor(binary, pid, workdir, intervalS) {
        this.binary = binary;
        this.pid = pid;
        this.workdir = workdir;
        this.child = spawn(binary, ['--pid', String(pid), '--filename', MEMORY_MONITOR_OUTPUT, '--json-summary', MEMORY_MONITOR_SUMMARY,
            '--interval', String(Math.max(1, Math.round(intervalS)))], { cwd: workdir, stdio: 'ignore' });
        this.exited = new Promise((resolve) => {
            this.child.once('exit', () => resolve());
            this.child.once('error', () => resolve());
        });
    }
    /** SIGUSR1 (prmon then writes its summary and exits), wait up to `waitMs`, then SIGKILL. */
    async stop(waitMs = 63_000) {
        if (this.child.exitCode === null && this.child.signalCode === null)
            this.child.kill('SIGUSR1');
        let timer;
        const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), waitMs)));
        const result = await Promise.race([this.exited.then(() => 'done'), timeout]);
        clearTimeout(timer);
        if (result === 'timeout') {
            this.child.kill('SIGKILL');
            await this.exited;
        }
    }
    /** The time series prmon wrote so far (empty table when none). */
    table() {
        return readTable(this.workdir);
    }
    /** prmon's summary: the final file, else its running snapshot, else one computed from the text file. */
    summary() {
        return readSummary(this.workdir);
    }
}
/** Read memory_monitor_output.txt from a directory (empty table when absent). */
export function readTable(workdir) {
    try {
        return parseMonitorTable(readFileSync(join(workdir, MEMORY_MONITOR_OUTPUT), 'utf8'));
    }
    catch {
        return { columns: [], data: {} };
    }
}
/** Read a memory monitor summary from a directory, as Pilot 3 looks for it (JSON, snapshot, then text). */
export function readSummary(workdir) {
    for (const name of [MEMORY_MONITOR_SUMMARY, `${MEMORY_MONITOR_SUMMARY}_snapshot`]) {
        const path = join(workdir, name);
        if (!existsSync(path))
            continue;
        try {
            return JSON.parse(readFileSync(path, 'utf8'));
        }
        catch {
            // half-written: try the next source
        }
    }
    const table = readTable(workdir);
    return table.columns.length ? summaryFromTable(table) : undefined;
}
//# sourceMappingURL=prmon.js.map