#!/usr/bin/env node
// Record the middleware container commands Pilot 3 builds (create_middleware_container_command,
// get_middleware_container_script) on the simulated CVMFS the tests use, and write them to
// test/data/fixtures/middleware-pilot3.json (committed: facts about Pilot 3).
// Pilot 3 runs only inside /work/shared/tools/pilot3-sandbox.sh.
// usage: npm run build && PILOT3_DIR=/work/ext/pilot3 node scripts/record-middleware-commands.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordOnSimCvmfs, root } from './record-on-sim-cvmfs.mjs';

const text = recordOnSimCvmfs({
  name: 'middleware-pilot3',
  script: 'record_middleware_commands.py',
  args: ({ scratch, out }) => [scratch, out],
  mask: true,
});
const dest = path.join(root, 'test/data/fixtures/middleware-pilot3.json');
writeFileSync(dest, text);
console.log(`recorded ${dest}`);
