#!/usr/bin/env node
// The README's pictures: a real job on the demo site (input, CPU, memory, I/O), its job report
// from the log tarball and its metrics textfile, each shot with headless Chromium into docs/.
//   npm run build && node scripts/readme-pictures.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { createScenario, startPilot } = await import(path.join(root, 'dist/src/demo/scenario.js'));
const WORK = '#!/bin/bash\nhead -c 50000000 /dev/zero > big.dat\npython3 -c "import time\nb = bytearray(80 << 20)\ne = time.process_time() + 4\nwhile time.process_time() < e: pass"\ncat big.dat > /dev/null\nsleep 2\nrm big.dat\n';
const scn = await createScenario({
  jobs: [{ transformation: 'work.sh', prodSourceLabel: 'ptest', inFiles: [{ lfn: 'in.dat', scope: 'demo', size: 3_000_000 }], logFile: { lfn: 'job.log.tgz' } }],
  trfs: { 'work.sh': WORK },
  inputs: { 'in.dat': Buffer.alloc(3_000_000, 1) },
  config: { memory_monitor_interval: 0.5 },
});
const out = mkdtempSync(path.join(tmpdir(), 'pictures-'));
const shot = (url, file, w, h) => {
  const profile = mkdtempSync(path.join(tmpdir(), 'chromium-'));
  const r = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${profile}`, '--hide-scrollbars', `--window-size=${w},${h}`, `--screenshot=${file}`, url], { stdio: 'ignore' });
  rmSync(profile, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}`);
};
try {
  const res = await startPilot(scn, ['--metrics-file', 'pilot.prom']).done;
  if (res.code !== 0) throw new Error(`pilot exited ${res.code}: ${res.stderr}`);
  const [job] = scn.emulator.jobs();
  await tar.x({ file: path.join(scn.launchDir, 'job.log.tgz'), cwd: out });
  shot(`file://${path.join(out, `tarball_PandaJob_${job.PandaID}_${scn.queue}`, 'job-report.html')}`, path.join(root, 'docs/job-report.png'), 900, 1110);
  const metrics = readFileSync(path.join(scn.launchDir, 'pilot.prom'), 'utf8').split('\n').filter((l) => l && !l.startsWith('# HELP')).join('\n');
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  writeFileSync(path.join(out, 'metrics.html'), `<!DOCTYPE html><html><body style="margin:0;background:#fff"><pre style="margin:8px;font-size:12px;line-height:1.25">$ cat pilot.prom   # --metrics-file pilot.prom; the same on --metrics-port N at /metrics\n${esc(metrics)}</pre></body></html>`);
  shot(`file://${path.join(out, 'metrics.html')}`, path.join(root, 'docs/metrics.png'), 900, 16 * (metrics.split('\n').length + 2));
  console.log('docs/job-report.png, docs/metrics.png written');
} finally {
  rmSync(out, { recursive: true, force: true });
  await scn.close();
}
