#!/usr/bin/env node
// Records Pilot 3's worker-node map (its own pilot/util/workernode.get_workernode_map, run by
// python3 inside the Pilot 3 sandbox) together with the node facts it was made from, so that
// `npm test` can rebuild ours from the same facts on any machine.
// usage: npm run build && PILOT3_DIR=/path/to/pilot3 node scripts/record-pilot3-workernode.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readNodeFacts } from '../dist/src/job/workernode-map.js';

const pilot3 = process.env.PILOT3_DIR;
if (!pilot3) throw new Error('PILOT3_DIR must name a Pilot 3 checkout');
const sandbox = process.env.PILOT3_SANDBOX ?? path.resolve(import.meta.dirname, '../../shared/tools/pilot3-sandbox.sh');
const scratch = mkdtempSync(path.join(tmpdir(), 'p3-workernode-'));
const probe = path.join(scratch, 'probe.py');
writeFileSync(probe, [
  'import json, os, sys',
  `sys.path.insert(0, ${JSON.stringify(pilot3)})`,
  "os.environ['PILOT_HOME'] = os.getcwd()",
  'from pilot.util import workernode',
  "print('MAP=' + json.dumps(workernode.get_workernode_map('SITE_X', 'QUEUE_Y', cache=False)))",
  '',
].join('\n'));
const facts = await readNodeFacts();
const out = execFileSync(sandbox, [path.join(scratch, 'run'), '--', 'python3', probe], { encoding: 'utf8', env: { ...process.env, PILOT_USER: 'generic' } });
const map = JSON.parse(out.split('\n').find((l) => l.startsWith('MAP=')).slice(4));
const file = path.resolve(import.meta.dirname, '../test/fixtures/pilot3-workernode-map.json');
writeFileSync(file, JSON.stringify({ site: 'SITE_X', queue: 'QUEUE_Y', facts, pilot3: map }, null, 1) + '\n');
console.log(JSON.stringify(map, null, 1));
