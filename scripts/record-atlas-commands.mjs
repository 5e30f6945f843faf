#!/usr/bin/env node
// Record the ATLAS payload commands Pilot 3 builds for the corpus of jobs x sites
// (test/user/fixtures/atlas-corpus.json), on the same simulated CVMFS the tests use, and write
// them to test/user/fixtures/atlas-pilot3-commands.json (committed: facts about Pilot 3).
// Pilot 3 runs only inside /work/shared/tools/pilot3-sandbox.sh.
// usage: npm run build && PILOT3_DIR=/work/ext/pilot3 node scripts/record-atlas-commands.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordOnSimCvmfs, root } from './record-on-sim-cvmfs.mjs';

const fixtures = path.join(root, 'test/user/fixtures');
const text = recordOnSimCvmfs({
  name: 'atlas-pilot3-commands',
  script: 'record_atlas_commands.py',
  args: ({ scratch, out }) => [path.join(fixtures, 'atlas-corpus.json'), scratch, out],
});
const dest = path.join(fixtures, 'atlas-pilot3-commands.json');
writeFileSync(dest, text);
console.log(`recorded ${dest}`);
