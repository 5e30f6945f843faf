/** Helpers for the monitor tests: real payload processes in their own group, temp work dirs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTree } from '../../src/monitor/proc.js';

/** A payload started by a test. */
export interface TestPayload {
  child: ChildProcess;
  pid: number;
  pids: () => number[];
  exited: Promise<void>;
  /** Resolves with the first stdout line containing `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  kill(): void;
}

/** Start `argv` in its own process group (like the payload runner does) with cwd = workdir. */
export function startPayload(argv: string[], cwd: string): TestPayload {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) if (out.includes(w.text)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid!;
  return {
    child,
    pid,
    pids: () => (child.exitCode === null && child.signalCode === null ? processTree(pid) : []),
    exited,
    waitFor(text, timeoutMs = 60_000) {
      if (out.includes(text)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`payload did not print ${text} in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ text, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    kill() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** A fresh temporary work dir; `cleanup()` removes it. */
export function tempWorkdir(prefix = 'monitor-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Resolve when `fn` returns a value (polled every `everyMs`), or reject after `timeoutMs`. */
export async function until<T>(fn: () => T | undefined, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Directory of the reference files (Pilot 3's test resources: a prmon and an old MemoryMonitor output). */
export const FIXTURES = fileURLToPath(new URL('../../../test/monitor/fixtures/', import.meta.url));
