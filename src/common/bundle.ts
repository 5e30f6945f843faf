/**
 * Where the pilot's own files are when it runs from the esbuild bundle or the single executable
 * (see scripts/bundle.mjs): the bundle's banner sets `globalThis.__pandaBundle`. From the tsc
 * build nothing is set and every module finds its files next to itself, as before.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

interface BundleInfo {
  /** directory of the bundle files (worker entries sit beside the main bundle) */
  dir: string;
  /** an embedded file of the single executable, as text */
  asset?: (name: string) => string;
}

function info(): BundleInfo | undefined {
  return (globalThis as { __pandaBundle?: BundleInfo }).__pandaBundle;
}

/** True when running from the bundle or the single executable. */
export function isBundled(): boolean {
  return info() !== undefined;
}

/** Text of a file embedded in the single executable (undefined when not running from one). */
export function embeddedFile(name: string): string | undefined {
  const b = info();
  if (!b?.asset) return undefined;
  try {
    return b.asset(name);
  } catch {
    return undefined;
  }
}

/**
 * A file of the package (e.g. `config/default.cfg`): seen from the bundle (package/dist/bundle/),
 * or `own` (the module's URL-relative location in the tsc build).
 */
export function packageFile(rel: string, own: URL): string {
  const b = info();
  return b ? join(b.dir, '..', '..', rel) : fileURLToPath(own);
}

/**
 * What to pass to `new Worker()` for a worker-thread entry: the module itself (`own`, tsc build),
 * its separate bundle file `<name>.cjs`, or that file's code embedded in the single executable.
 */
export function workerEntry(name: string, own: URL): { filename: URL | string; options: WorkerOptions } {
  const b = info();
  if (!b) return { filename: own, options: {} };
  const code = embeddedFile(`${name}.cjs`);
  if (code !== undefined) return { filename: code, options: { eval: true } };
  return { filename: join(b.dir, `${name}.cjs`), options: {} };
}
