#!/usr/bin/env node
// Record the middleware container commands Pilot 3 builds (create_middleware_container_command,
// get_middleware_container_script) on the simulated CVMFS the tests use, and write them to
// test/data/fixtures/middleware-pilot3.json (committed: facts about Pilot 3).
// Pilot 3 runs only inside /work/shared/tools/pilot3-sandbox.sh.
// usage: npm run build && PILOT3_DIR=/work/ext/pilot3 node scripts/record-middleware-commands.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pilot3 = process.env.PILOT3_DIR;
if (!pilot3) {
  console.error('set PILOT3_DIR to a Pilot 3 checkout (e.g. /work/ext/pilot3)');
  process.exit(2);
}
const sandbox = process.env.PILOT3_SANDBOX ?? '/work/shared/tools/pilot3-sandbox.sh';
const scratch = process.env.RECORD_SCRATCH ?? '/tmp/p3-middleware/record';
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
const cvmfs = path.join(scratch, 'cvmfs');
execFileSync(process.execPath, [path.join(root, 'dist/test/support/cvmfs.js'), cvmfs], { stdio: 'inherit' });
const out = path.join(scratch, 'middleware-pilot3.json');
execFileSync(sandbox, [scratch, '--', 'python3', path.join(root, 'scripts/record_middleware_commands.py'), scratch, out], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PILOT3_DIR: pilot3, ATLAS_SW_BASE: cvmfs, PILOT_HOME: scratch, HOME: scratch },
});
// the simulated tree's location is not a fact about Pilot 3
const text = readFileSync(out, 'utf8').split(cvmfs).join('CVMFS').split(scratch).join('SCRATCH');
const dest = path.join(root, 'test/data/fixtures/middleware-pilot3.json');
writeFileSync(dest, text);
console.log(`recorded ${dest}`);
