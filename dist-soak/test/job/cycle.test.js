// The job cycle end to end: the real pilot process against the real PanDA emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
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
        const fin = scn.emulator.updates(ok.PandaID).at(-1);
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
        for (const entry of Object.values(xml)) {
            assert.match(String(entry.adler32), /^[0-9a-f]{8}$/);
            assert.ok(Number(entry.fsize) > 0);
            assert.ok(entry.guid);
        }
        // the failed job has a log tarball too
        const badFinal = scn.emulator.updates(bad.PandaID).at(-1).params;
        assert.ok(Object.keys(JSON.parse(String(badFinal.xml))).some((l) => l.includes('job.log.tgz')));
        assert.match(String(badFinal.pilotLog), /Log from pilotlog.txt/);
        // the output was moved out of the job directory, the input symlinked in
        assert.ok(existsSync(path.join(scn.launchDir, 'HITS.demo._000001.pool.root.1')));
    }
    finally {
        await scn.close();
    }
});
test('heartbeats every heartbeat period; debug command shortens the period and adds stdout', async () => {
    const scn = await createScenario({
        jobs: [{ transformation: 'sleep.sh', jobPars: '6', prodSourceLabel: 'ptest' }],
        // first ~1.5 s of busy CPU (prmon counts whole CPU seconds: the monitor then has a core count
        // to report), then a tick a second
        trfs: { 'sleep.sh': '#!/bin/bash\nend=$(( $(date +%s%N) + 1500000000 )); while [ $(date +%s%N) -lt $end ]; do :; done\nfor i in $(seq 1 $1); do echo "tick $i"; sleep 1; done\n' },
        config: { ...FAST, heartbeat: 2, debug_heartbeat: 0.5, memory_monitor_interval: 1 },
    });
    try {
        const run = startPilot(scn);
        const [job] = scn.emulator.jobs();
        const { waitFor } = await import('../support/wait.js');
        await waitFor(() => scn.emulator.updates(job.PandaID).filter((u) => u.params.state === 'running').length >= 2, 15_000, 'two running updates');
        const beforeDebug = scn.emulator.updates(job.PandaID).length;
        const t0 = Date.now();
        scn.emulator.command(job.PandaID, 'debug');
        const res = await run.done;
        assert.equal(res.code, 0);
        const ups = scn.emulator.updates(job.PandaID);
        const running = ups.filter((u) => u.params.state === 'running');
        // without debug: a heartbeat each 2 s (plus the launch update)
        const early = running.filter((u) => u.time < t0);
        assert.ok(early.length >= 2 && early.length <= 4, `early heartbeats ${early.length}`);
        // after 'debug' reaches the pilot: heartbeats every 0.5 s with the payload's stdout tail
        const debugBeats = ups.slice(beforeDebug).filter((u) => u.params.state === 'running' && typeof u.params.stdout === 'string');
        assert.ok(debugBeats.length >= 3, `debug heartbeats ${debugBeats.length}`);
        assert.match(String(debugBeats.at(-1).params.stdout), /tick \d/);
        // heartbeats carry the monitor's figures: memory fields and jobMetrics
        const beat = running.at(-1).params;
        assert.ok(Number(beat.maxRSS) > 0 && Number(beat.maxPSS) > 0, `memory fields ${JSON.stringify(beat)}`);
        assert.match(String(beat.jobMetrics), /\b(actualCoreCount|leak)=-?\d/, "monitor figures in the heartbeat jobMetrics");
        const gaps = debugBeats.slice(1).map((u, i) => u.time - debugBeats[i].time);
        assert.ok(Math.min(...gaps) < 1500, `debug gaps ${gaps}`);
    }
    finally {
        await scn.close();
    }
});
//# sourceMappingURL=cycle.test.js.map