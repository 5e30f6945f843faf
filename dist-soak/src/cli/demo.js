/**
 * `npm start`: a whole site on this machine. Starts the PanDA emulator on a free loopback port
 * with a demo queue and jobs, runs panda-pilot against it with Pilot 3's command line until the
 * queue is empty, and prints what the server recorded for each job. Exits 0 when every job ended
 * as expected.
 */
import { createScenario, startPilot } from '../demo/scenario.js';
import { DEMO_INPUT, DEMO_INPUT_BODY, DEMO_TRFS, demoJobs } from '../demo/jobs.js';
function table(rows) {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}
async function main() {
    const jobs = demoJobs();
    const scn = await createScenario({
        queue: 'DEMO_QUEUE',
        queueOverrides: { timefloor: 10 },
        jobs: jobs.map((j) => j.def),
        trfs: DEMO_TRFS,
        inputs: { [DEMO_INPUT]: DEMO_INPUT_BODY },
        // Pilot 3 waits 60–180 s after a "no job" answer; the demo's queue empties at once.
        config: { getjob_nojob_sleep_min: 1, getjob_nojob_sleep_max: 2 },
    });
    try {
        console.log(`PanDA emulator: ${scn.emulator.url}  (status page: ${scn.emulator.url}/)`);
        console.log(`panda-pilot ${scn.pilotArgs().join(' ')}\n`);
        const run = startPilot(scn);
        const res = await run.done;
        const records = scn.emulator.jobs();
        const rows = [['PandaID', 'transformation', 'state', 'pilotErrorCode', 'transExitCode', 'pilotTiming', 'expected', 'pilotErrorDiag']];
        let ok = res.code === 0;
        records.forEach((rec, i) => {
            const r = rec.reported;
            const want = jobs[i]?.expect;
            const state = rec.jobStatus;
            const code = Number(r.pilotErrorCode ?? 0);
            const good = want !== undefined && state === want.state && code === want.pilotErrorCode;
            ok &&= good;
            rows.push([
                String(rec.PandaID),
                rec.trfName ?? String(rec.spec.transformation ?? ''),
                state,
                String(code),
                String(r.transExitCode ?? ''),
                String(r.pilotTiming ?? ''),
                want ? `${want.state}/${want.pilotErrorCode} ${good ? 'ok' : 'MISMATCH'}` : '?',
                String(r.pilotErrorDiag ?? '').slice(0, 60),
            ]);
        });
        console.log(table(rows));
        console.log(`\npilot exit code ${res.code} after ${(res.ms / 1000).toFixed(2)} s`);
        if (!ok)
            console.log(`\nDemo FAILED. Pilot output (last lines):\n${res.stdout.split('\n').slice(-40).join('\n')}\n${res.stderr.slice(-4000)}`);
        else
            console.log('Demo OK: every job ended as expected.');
        return ok ? 0 : 1;
    }
    finally {
        await scn.close();
    }
}
process.exitCode = await main();
//# sourceMappingURL=demo.js.map