/**
 * Minimal, allocation-light readers for /proc: the facts the process tree needs (pid, ppid,
 * process group, state, start time) and a marker lookup in /proc/<pid>/environ.
 *
 * Everything is synchronous on purpose: each read is a tiny kernel-generated file, a whole scan
 * costs about a millisecond, and callers (the monitor's sampler) want a plain `number[]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
/** Numeric entries of `procRoot` (the live pids). */
export function listPids(procRoot = '/proc') {
    const out = [];
    for (const name of readdirSync(procRoot)) {
        const c = name.charCodeAt(0);
        if (c < 48 || c > 57)
            continue;
        const pid = Number(name);
        if (Number.isInteger(pid))
            out.push(pid);
    }
    return out;
}
/** Parse one /proc/<pid>/stat line (the command name may hold spaces or parentheses). */
export function parseStat(text) {
    const close = text.lastIndexOf(')');
    if (close < 0)
        return undefined;
    const pid = Number(text.slice(0, text.indexOf(' ')));
    const f = text.slice(close + 2).split(' ');
    // f[0] is field 3 (state); field N is f[N - 3].
    if (f.length < 20)
        return undefined;
    return {
        pid,
        state: f[0],
        ppid: Number(f[1]),
        pgid: Number(f[2]),
        sid: Number(f[3]),
        starttime: Number(f[19]),
    };
}
/** /proc/<pid>/stat of one process, or undefined when it is gone (or unreadable). */
export function readStat(pid, procRoot = '/proc') {
    try {
        return parseStat(readFileSync(`${procRoot}/${pid}/stat`, 'latin1'));
    }
    catch {
        return undefined;
    }
}
/**
 * Whether the environment of `pid` holds exactly `needle` (a `NAME=value` entry).
 * Unreadable environ (another user's process, a kernel thread, gone) counts as "no".
 */
export function environHas(pid, needle, procRoot = '/proc') {
    let buf;
    try {
        buf = readFileSync(`${procRoot}/${pid}/environ`);
    }
    catch {
        return false;
    }
    let from = 0;
    for (;;) {
        const at = buf.indexOf(needle, from);
        if (at < 0)
            return false;
        // Match only whole entries: preceded by start-of-buffer or NUL, followed by NUL or end.
        const end = at + needle.length;
        if ((at === 0 || buf[at - 1] === 0) && (end === buf.length || buf[end] === 0))
            return true;
        from = at + 1;
    }
}
//# sourceMappingURL=proc.js.map