import { readFileSync } from 'node:fs';

/**
 * Wait until `cond` is true (checked every `everyMs`). The time limit only guards against a hang:
 * it is at least 60 s whatever the caller asks, so a busy machine slows a test, never fails it.
 */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 60_000, what = 'condition', everyMs = 50): Promise<void> {
  timeoutMs = Math.max(timeoutMs, 60_000);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Is a process alive (and not a zombie)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
