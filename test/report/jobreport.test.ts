// The job report in the log tarball: a real pilot job, the tarball unpacked, the report opened in
// headless Chromium and its screenshot checked for drawn plots. The same job checks the logged
// payload command and end-of-job summary, and the memory monitor's rates (Avg <= Max).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { CHART } from '../../src/report/svg.js';
import { REPORT_LAYOUT } from '../../src/report/jobreport.js';
import { decodePng } from '../support/png.js';

// 20 MB written and read twice, then 2.5 s of CPU (CPU time, not wall time: the same on a busy
// machine), then a rest
const WORK = '#!/bin/bash\nhead -c 20000000 /dev/zero > big.dat\ncat big.dat big.dat > /dev/null\n' +
  'python3 -c "import time\ne = time.process_time() + 2.5\nwhile time.process_time() < e: pass"\nsleep 1\nrm big.dat\necho done\n';

/** Run Chromium headless to a screenshot; resolves when it exits. */
function screenshot(url: string, file: string, width: number, height: number): Promise<{ code: number | null; stderr: string }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'chromium-'));
  const child = spawn('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${profile}`,
    '--hide-scrollbars', `--window-size=${width},${height}`, `--screenshot=${file}`, url], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => {
    rmSync(profile, { recursive: true, force: true });
    resolve({ code, stderr });
  }));
}

test('job report with plots in the log tarball, drawn in headless Chromium; summary and payload command logged; rates <= totals', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'work.sh', prodSourceLabel: 'ptest', logFile: { lfn: 'job.log.tgz' } }],
    trfs: { 'work.sh': WORK },
    config: { memory_monitor_interval: 0.5 },
  });
  const out = mkdtempSync(path.join(tmpdir(), 'report-'));
  try {
    const res = await startPilot(scn).done;
    assert.equal(res.code, 0, res.stderr);
    const [job] = scn.emulator.jobs();
    const final = job.updates.at(-1)!.params;
    assert.equal(final.state, 'finished');
    // memory monitor: rates over the real elapsed time, never above the totals
    for (const k of ['RCHAR', 'WCHAR', 'RBYTES', 'WBYTES']) {
      assert.ok(Number(final[`rate${k}`]) <= Number(final[`tot${k}`]), `rate${k} ${String(final[`rate${k}`])} > tot${k} ${String(final[`tot${k}`])}`);
    }
    assert.ok(Number(final.totWCHAR) >= 20_000_000, `totWCHAR ${String(final.totWCHAR)}`);
    const pilotLog = readFileSync(path.join(scn.launchDir, 'pilotlog.txt'), 'utf8');
    assert.match(pilotLog, /\| INFO +\| steps +\| executePayload +\| payload command jobid=\d+ command="?\S*work\.sh/);
    assert.match(pilotLog, /\| INFO +\| job +\| runJob +\| job summary jobid=\d+ state=finished pilotErrorCode=0 pilotErrorDiag="" transExitCode=0 exeErrorCode=0 pilotTiming=\S+ finalUpdateAccepted=true .*maxRSS=\d+ .*log=\[\{"lfn":"job\.log\.tgz"/);

    await tar.x({ file: path.join(scn.launchDir, 'job.log.tgz'), cwd: out });
    const reportFile = path.join(out, `tarball_PandaJob_${job.PandaID}_${scn.queue}`, 'job-report.html');
    const html = readFileSync(reportFile, 'utf8');
    for (const id of REPORT_LAYOUT.charts) assert.match(html, new RegExp(`<svg [^>]*id="${id}"`));
    for (const phase of ['getJob', 'setup', 'payload', 'stage-out', 'log']) assert.match(html, new RegExp(`>${phase} \\d+\\.\\d\\d s<`));
    assert.match(html, /<text[^>]*>VMEM<\/text>.*<text[^>]*>RSS<\/text>.*<text[^>]*>PSS<\/text>/s);

    const width = REPORT_LAYOUT.left + CHART.width + 10;
    const height = REPORT_LAYOUT.header + REPORT_LAYOUT.charts.length * (CHART.height + REPORT_LAYOUT.gap) + 40;
    const png = path.join(out, 'report.png');
    const shot = await screenshot(`file://${reportFile}`, png, width, height);
    assert.equal(shot.code, 0, shot.stderr);
    const img = decodePng(readFileSync(png));
    assert.equal(img.width, width);
    // each plot area has drawn data: pixels that are neither the plot background nor grey grid
    REPORT_LAYOUT.charts.forEach((name, k) => {
      const y0 = REPORT_LAYOUT.header + k * (CHART.height + REPORT_LAYOUT.gap) + CHART.top + 2;
      const y1 = y0 + CHART.height - CHART.top - CHART.bottom - 4;
      const x0 = REPORT_LAYOUT.left + CHART.left + 2;
      const x1 = REPORT_LAYOUT.left + CHART.width - CHART.right - 2;
      let ink = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * img.width + x) * 4;
          const [r, g, b] = [img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]];
          if (Math.max(r, g, b) - Math.min(r, g, b) > 40) ink++; // coloured, not white or grey
        }
      }
      assert.ok(ink > 300, `${name} plot area blank (${ink} coloured pixels)`);
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
    await scn.close();
  }
});
