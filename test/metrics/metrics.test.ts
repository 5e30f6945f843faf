// The metrics endpoint and textfile of a real pilot running a job with an input and an output,
// scraped while the payload runs and read after the pilot ended, parsed by a Prometheus text parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import parse from 'parse-prometheus-text-format';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { waitFor } from '../support/wait.js';
import { freePort } from '../support/xrootd.js';

type Families = ReturnType<typeof parse>;
function value(fams: Families, name: string, labels: Record<string, string> = {}): number | undefined {
  const fam = fams.find((f) => f.name === name);
  const s = fam?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return s ? Number(s.value) : undefined;
}

test('metrics endpoint while the payload runs and textfile at the end: state, phases, memory, transfers, pilot CPU and RSS', async () => {
  const input = Buffer.alloc(200_000, 7);
  const scn = await createScenario({
    jobs: [{ transformation: 'wait.sh', jobPars: 'in.dat out.dat', prodSourceLabel: 'ptest', inFiles: [{ lfn: 'in.dat', scope: 'm', size: input.length }], outFiles: [{ lfn: 'out.dat', scope: 'm' }], logFile: { lfn: 'job.log.tgz' } }],
    // the payload waits for the test to say go (a file in its directory), then copies its input
    trfs: { 'wait.sh': '#!/bin/bash\nwhile [ ! -e go ]; do sleep 0.1; done\ncp "$1" "$2"\n' },
    inputs: { 'in.dat': input },
    config: { heartbeat: 1, memory_monitor_interval: 0.5 },
  });
  let run: ReturnType<typeof startPilot> | undefined;
  let released = false;
  try {
    const port = await freePort();
    run = startPilot(scn, ['--metrics-port', String(port), '--metrics-file', 'pilot.prom']);
    const [job] = scn.emulator.jobs();
    const workdir = path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`);
    // scrapes until the payload runs (the text format, as Prometheus falls back to it)
    let live: Families = [];
    let contentType = '';
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
      if (!res?.ok) return false;
      contentType = res.headers.get('content-type') ?? '';
      live = parse(await res.text());
      return value(live, 'panda_pilot_job_state', { jobid: String(job.PandaID), state: 'running' }) === 1;
    }, 30_000, 'payload running in the metrics', 100);
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.deepEqual(live.filter((f) => f.type === 'UNTYPED').map((f) => f.name), [], 'every family typed');
    assert.equal(value(live, 'panda_pilot_job_state', { jobid: String(job.PandaID), state: 'running' }), 1);
    assert.equal(value(live, 'panda_pilot_jobs', { state: 'running' }), 1);
    assert.ok(value(live, 'panda_pilot_process_resident_memory_bytes')! > 10e6);
    assert.ok(value(live, 'panda_pilot_process_cpu_seconds_total')! > 0);
    assert.equal(value(live, 'panda_pilot_transfer_bytes', { direction: 'in' }), input.length);
    assert.ok(value(live, 'panda_pilot_job_phase_duration_seconds', { phase: 'stagein' })! >= 0);
    // OpenMetrics when asked for: counter family without _total, # EOF at the end
    const om = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Accept: 'application/openmetrics-text; version=1.0.0' } })).text();
    assert.match(om, /^# TYPE panda_pilot_process_cpu_seconds counter\npanda_pilot_process_cpu_seconds_total \d/m);
    assert.match(om, /\n# EOF\n$/);

    writeFileSync(path.join(workdir, 'go'), '');
    released = true;
    const done = await run.done;
    assert.equal(done.code, 0, done.stderr);
    const end = parse(readFileSync(path.join(scn.launchDir, 'pilot.prom'), 'utf8'));
    const id = String(job.PandaID);
    assert.equal(value(end, 'panda_pilot_job_state', { jobid: id, state: 'finished' }), 1);
    assert.equal(value(end, 'panda_pilot_job_error_code', { jobid: id }), 0);
    for (const phase of ['getjob', 'stagein', 'setup', 'payload', 'stageout', 'log', 'final_update']) {
      assert.ok(value(end, 'panda_pilot_job_phase_duration_seconds', { jobid: id, phase })! >= 0, `phase ${phase}`);
    }
    assert.ok(value(end, 'panda_pilot_job_memory_bytes', { jobid: id, stat: 'max', kind: 'rss' })! > 0);
    assert.ok(value(end, 'panda_pilot_job_io_bytes', { jobid: id, kind: 'rchar' })! >= 0);
    assert.ok(value(end, 'panda_pilot_transfer_bytes', { jobid: id, direction: 'out' })! > input.length, 'output and log bytes');
    assert.ok(value(end, 'panda_pilot_transfer_rate_bytes_per_second', { jobid: id, direction: 'in' })! > 0);
  } finally {
    if (run && !released) {
      run.child.kill('SIGTERM');
      await run.done;
    }
    await scn.close();
  }
});
