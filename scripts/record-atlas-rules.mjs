#!/usr/bin/env node
// Record what Pilot 3's ATLAS monitoring rules decide (looping limit, ignore list and verdict,
// memory limit and kill, leak fit, remote-file open check, xcache commands) for a corpus of
// inputs, with Pilot 3's own functions, and write test/user/fixtures/atlas-rules-pilot3.json
// (committed: facts about Pilot 3; inputs are in the fixture). Pilot 3 runs only inside
// /work/shared/tools/pilot3-sandbox.sh.
// usage: npm run build && PILOT3_DIR=/work/ext/pilot3 node scripts/record-atlas-rules.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordOnSimCvmfs, root } from './record-on-sim-cvmfs.mjs';

const text = recordOnSimCvmfs({
  name: 'atlas-rules-pilot3',
  script: 'record_atlas_rules.py',
  args: ({ scratch, out }) => [scratch, out],
});
const dest = path.join(root, 'test/user/fixtures/atlas-rules-pilot3.json');
writeFileSync(dest, text);
console.log(`recorded ${dest}`);
