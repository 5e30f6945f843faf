// One owner for running a recording script of Pilot 3's functions on the simulated CVMFS the
// tests use: needs PILOT3_DIR, builds the tree in a scratch dir, runs the python script inside
// /work/shared/tools/pilot3-sandbox.sh (Pilot 3 never runs outside it), returns what it wrote.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Run `scripts/<script>` with the arguments `args({ cvmfs, scratch, out })` in the sandbox and
 * return the text of `out` (the JSON the script wrote) with the tree's and scratch's locations
 * as CVMFS and SCRATCH when `mask` is set (they are not facts about Pilot 3).
 */
export function recordOnSimCvmfs({ name, script, args, mask = false }) {
  const pilot3 = process.env.PILOT3_DIR;
  if (!pilot3) {
    console.error('set PILOT3_DIR to a Pilot 3 checkout (e.g. /work/ext/pilot3)');
    process.exit(2);
  }
  const sandbox = process.env.PILOT3_SANDBOX ?? '/work/shared/tools/pilot3-sandbox.sh';
  const scratch = process.env.RECORD_SCRATCH ?? `/tmp/p3-${name}/record`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const cvmfs = path.join(scratch, 'cvmfs');
  execFileSync(process.execPath, [path.join(root, 'dist/test/support/cvmfs.js'), cvmfs], { stdio: 'inherit' });
  const out = path.join(scratch, `${name}.json`);
  execFileSync(sandbox, [scratch, '--', 'python3', path.join(root, 'scripts', script), ...args({ cvmfs, scratch, out })], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PILOT3_DIR: pilot3, ATLAS_SW_BASE: cvmfs, PILOT_HOME: scratch, HOME: scratch },
  });
  const text = readFileSync(out, 'utf8');
  return mask ? text.split(cvmfs).join('CVMFS').split(scratch).join('SCRATCH') : text;
}
