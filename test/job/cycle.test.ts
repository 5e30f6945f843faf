// The job cycle end to end: the real pilot process against the real PanDA emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { DEMO_INPUT, DEMO_INPUT_BODY, DEMO_TRFS, demoJobs } from '../../src/demo/jobs.js';

const FAST = { heartbeat: 1, debug_heartbeat: 0.5, update_sleep: 0.3, getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2 };

test('multi-job loop: two jobs, Pilot 3 update sequence and final fields, exit 0', async () => {
  const jobs = demoJobs();
  const scn = await createScenario({
    queueOverrides: { timefloor: 10 },
    jobs: jobs.map((j) => j.def),
    trfs: DEMO_TRFS,
    inputs: { [DEMO_INPUT]: DEMO_INPUT_BODY },
    config: FAST,
  });
  try {
    const res = await startPilot(scn).done;
    assert.equal(res.code, 0, res.stdout.slice(-3000));
    const [ok, bad] = scn.emulator.jobs();
    assert.equal(ok.jobStatus, 'finished');
    assert.equal(bad.jobStatus, 'failed');
    assert.equal(Number(bad.reported.pilotErrorCode), 1305);
    assert.equal(Number(bad.reported.transExitCode), 5);

    const states = scn.emulator.updates(ok.PandaID).map((u) => u.params.state);
    assert.equal(states[0], 'starting');
    assert.equal(states.at(-1), 'finished');
    assert.ok(states.slice(1, -1).every((s) => s === 'running'), `states ${states}`);
    const fin = scn.emulator.updates(ok.PandaID).at(-1)!;
    assert.equal(fin.encoding, 'json');
    const p = fin.params;
    for (const k of ['jobId', 'state', 'timestamp', 'node', 'attemptNr', 'schedulerID', 'pilotID', 'pilotTiming', 'pilotErrorCode', 'pilotErrorDiag', 'transExitCode', 'exeErrorCode', 'exeErrorDiag', 'xml', 'cpuConsumptionUnit', 'endTime', 'startTime', 'coreCount', 'siteName']) {
      assert.ok(k in p, `final update lacks ${k}`);
    }
    assert.match(String(p.pilotTiming), /^\d+\|\d+\|\d+\|\d+\|\d+\|\d+$/);
    const xml = JSON.parse(String(p.xml));
    const lfns = Object.keys(xml);
    assert.ok(lfns.includes('HITS.demo._000001.pool.root.1'), `xml: ${p.xml}`);
    assert.ok(lfns.some((l) => l.includes('job.log.tgz')), 'log file reported');
    for (const entry of Object.values(xml) as Array<Record<string, unknown>>) {
      assert.match(String(entry.adler32), /^[0-9a-f]{8}$/);
      assert.ok(Number(entry.fsize) > 0);
      assert.ok(entry.guid);
    }
    // the failed job has a log tarball too
    const badFinal = scn.emulator.updates(bad.PandaID).at(-1)!.params;
    assert.ok(Object.keys(JSON.parse(String(badFinal.xml))).some((l) => l.includes('job.log.tgz')));
    assert.match(String(badFinal.pilotLog), /Log from pilotlog.txt/);
    // the output was moved out of the job directory, the input symlinked in
    assert.ok(existsSync(path.join(scn.launchDir, 'HITS.demo._000001.pool.root.1')));
  } finally {
    await scn.close();
  }
});

test('heartbeats every heartbeat period; debug command shortens the period and adds stdout', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleep.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    // 1.5 s of CPU first (prmon counts whole CPU seconds: the monitor then has a core count to
    // report), then a tick every 0.2 s until the test lets the payload end (file `go`)
    trfs: { 'sleep.sh': '#!/bin/bash\npython3 -c "import time\ne = time.process_time() + 1.5\nwhile time.process_time() < e: pass"\ni=0; while [ ! -e go ]; do i=$((i+1)); echo "tick $i"; sleep 0.2; done\n' },
    config: { ...FAST, heartbeat: 2, debug_heartbeat: 0.5, memory_monitor_interval: 1 },
  });
  try {
    const run = startPilot(scn);
    const [job] = scn.emulator.jobs();
    const { waitFor } = await import('../support/wait.js');
    const running = () => scn.emulator.updates(job.PandaID).filter((u) => u.params.state === 'running');
    // Heartbeats are the running updates with the monitor's core counts: the state updates (the
    // one before the payload, the payload's launch) never carry them, and either may come between
    // two heartbeats when the job's set-up is slow (a busy machine).
    const heartbeats = () => running().filter((u) => u.params.meanCoreCount !== undefined);
    await waitFor(() => heartbeats().length >= 2, 60_000, 'two heartbeats with the monitor\'s figures');
    // without debug: never more often than every 2 s (timers only ever fire late, so a lower
    // bound holds on any machine)
    const early = heartbeats();
    for (let i = 1; i < early.length; i++) assert.ok(early[i]!.time - early[i - 1]!.time >= 1900, `heartbeat gap ${early[i]!.time - early[i - 1]!.time} ms`);
    const beforeDebug = scn.emulator.updates(job.PandaID).length;
    scn.emulator.command(job.PandaID, 'debug');
    // after 'debug' reaches the pilot: heartbeats with the payload's stdout tail, at the 0.5 s
    // period: wait until two of them come closer together than the normal period ever allows
    const debugBeats = () => scn.emulator.updates(job.PandaID).slice(beforeDebug).filter((u) => u.params.state === 'running' && typeof u.params.stdout === 'string');
    const faster = () => debugBeats().some((u, i, all) => i > 0 && u.time - all[i - 1]!.time < 1900);
    await waitFor(() => faster(), 60_000, 'debug heartbeats faster than the normal period');
    // heartbeats carry the monitor's figures: memory fields and jobMetrics
    const figures = (p: Record<string, unknown>) => Number(p.maxRSS) > 0 && Number(p.maxPSS) > 0 && /\b(actualCoreCount|leak)=-?\d/.test(String(p.jobMetrics));
    await waitFor(() => running().some((u) => figures(u.params)), 60_000, 'monitor figures in a heartbeat');
    writeFileSync(path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`, 'go'), '');
    const res = await run.done;
    assert.equal(res.code, 0);
    const beats = debugBeats();
    for (let i = 1; i < beats.length; i++) assert.ok(beats[i]!.time - beats[i - 1]!.time >= 450, `debug gap ${beats[i]!.time - beats[i - 1]!.time} ms`);
    assert.match(String(beats.at(-1)!.params.stdout), /tick \d/);
  } finally {
    await scn.close();
  }
});
