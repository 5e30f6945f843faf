#!/usr/bin/env node
// Record the ATLAS payload commands Pilot 3 builds for the corpus of jobs x sites
// (test/user/fixtures/atlas-corpus.json), on the same simulated CVMFS the tests use, and write
// them to test/user/fixtures/atlas-pilot3-commands.json (committed: facts about Pilot 3).
// Pilot 3 runs only inside /work/shared/tools/pilot3-sandbox.sh.
// usage: npm run build && PILOT3_DIR=/work/ext/pilot3 node scripts/record-atlas-commands.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pilot3 = process.env.PILOT3_DIR;
if (!pilot3) {
  console.error('set PILOT3_DIR to a Pilot 3 checkout (e.g. /work/ext/pilot3)');
  process.exit(2);
}
const sandbox = process.env.PILOT3_SANDBOX ?? '/work/shared/tools/pilot3-sandbox.sh';
const scratch = process.env.RECORD_SCRATCH ?? '/tmp/p3-i9/record';
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
const cvmfs = path.join(scratch, 'cvmfs');
execFileSync(process.execPath, [path.join(root, 'dist/test/support/cvmfs.js'), cvmfs], { stdio: 'inherit' });
const fixtures = path.join(root, 'test/user/fixtures');
const out = path.join(scratch, 'atlas-pilot3-commands.json');
execFileSync(sandbox, [scratch, '--', 'python3', path.join(root, 'scripts/record_atlas_commands.py'), path.join(fixtures, 'atlas-corpus.json'), scratch, out], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PILOT3_DIR: pilot3, ATLAS_SW_BASE: cvmfs, PILOT_HOME: scratch, HOME: scratch },
});
execFileSync('cp', [out, path.join(fixtures, 'atlas-pilot3-commands.json')]);
console.log(`recorded ${path.join(fixtures, 'atlas-pilot3-commands.json')}`);
