/**
 * undici, loaded on its first use. Only the https copytool and the ATLAS remote-open check use
 * it, but the modules that do load with the experiment plugins before the first getJob: a static
 * import made every start pay for undici (110-170 ms of CPU and 13 MB of RSS; README, Footprint).
 * The bundle (scripts/bundle.mjs) replaces this module by one that requires its own undici.cjs.
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

let loaded: typeof Undici | undefined;

/** The undici module, required on the first call. */
export function undici(): typeof Undici {
  return (loaded ??= createRequire(import.meta.url)('undici') as typeof Undici);
}
