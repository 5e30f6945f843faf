import { readFileSync } from 'node:fs';
/** Wait until `cond` is true (checked every `everyMs`), or fail after `timeoutMs`. */
export async function waitFor(cond, timeoutMs = 20_000, what = 'condition', everyMs = 50) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
        if (await cond())
            return;
        await new Promise((r) => setTimeout(r, everyMs));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
/** Is a process alive (and not a zombie)? */
export function alive(pid) {
    try {
        process.kill(pid, 0);
    }
    catch {
        return false;
    }
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=wait.js.map