#!/usr/bin/env node
// Records Pilot 3's standard error messages (the pilotErrorDiag text it sends when nothing more
// specific is known) from its own ErrorCodes class into src/common/error-messages.tsv, then
// regenerates errorcodes.generated.ts. They are facts about Pilot 3's wire values, recorded, not
// vendored: PILOT3_DIR=/path/to/pilot3 node scripts/record-pilot3-errors.mjs
// Pilot 3's modules are imported only inside the sandbox (read-only file system, own PID namespace).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = process.env.PILOT3_DIR;
if (!dir) {
  console.error('set PILOT3_DIR to a Pilot 3 checkout');
  process.exit(2);
}
const sandbox = process.env.PILOT3_SANDBOX ?? '/work/shared/tools/pilot3-sandbox.sh';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'p3-errors-'));
const py = [
  'import sys, json',
  `sys.path.insert(0, ${JSON.stringify(path.resolve(dir))})`,
  'from pilot.common.errorcodes import ErrorCodes',
  'print(json.dumps({str(k): v for k, v in ErrorCodes()._error_messages.items()}))',
].join('\n');
try {
  const out = execFileSync(sandbox, [scratch, '--', 'python3', '-c', py], { encoding: 'utf8' });
  const messages = JSON.parse(out.trim().split('\n').at(-1));
  const rows = Object.entries(messages).sort((a, b) => Number(a[0]) - Number(b[0]));
  const file = new URL('../src/common/error-messages.tsv', import.meta.url);
  writeFileSync(file, ['code\tPilot 3 standard message (recorded by scripts/record-pilot3-errors.mjs)', ...rows.map(([c, m]) => `${c}\t${String(m).replace(/[\t\n]/g, ' ')}`)].join('\n') + '\n');
  console.log(`recorded ${rows.length} messages`);
  execFileSync(process.execPath, [new URL('./gen-errorcodes.mjs', import.meta.url).pathname], { stdio: 'inherit' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
