/**
 * The public surface: 'panda-pilot/api' and 'panda-pilot/info' resolve through the package's
 * exports (as for a user), carry the seed's names, and the Communicator speaks to a real server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { analytics, communicator, data, services } from 'panda-pilot/api';
import { FileSpec, InfoService, infosys } from 'panda-pilot/info';
import * as direct from '../../src/api/index.js';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { startPandaEmulator } from '../../src/emulator/index.js';
describe('package entry points', () => {
    it('resolve to the built modules, with type declarations', () => {
        const require = createRequire(import.meta.url);
        const pkg = require('panda-pilot/package.json');
        for (const entry of ['./api', './info']) {
            const root = new URL('../../../', import.meta.url).pathname;
            assert.ok(existsSync(root + pkg.exports[entry].default), `${entry} module built`);
            assert.ok(existsSync(root + pkg.exports[entry].types), `${entry} declarations built`);
        }
        // the self-reference and the relative import are the same module instances
        assert.equal(analytics.Analytics, direct.analytics.Analytics);
    });
    it('carry the seed names: data, analytics, services, communicator; FileSpec, InfoService, infosys', () => {
        assert.equal(typeof data.StageInClient, 'function');
        assert.equal(typeof data.StageOutClient, 'function');
        const client = new analytics.Analytics();
        const fit = client.fit([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0.5, 1.1, 2.2, 3.6, 4.0, 5.0, 6.1, 7.7, 8.9, 9.1]);
        assert.equal(fit.slope(), 1.018181818181818);
        assert.equal(fit.intersect(), 0.23818181818181916);
        for (const name of ['get_table', 'get_fitted_data', 'extract_from_table', 'find_limit', 'slope', 'intersect', 'chi2']) {
            assert.equal(typeof client[name], 'function', name);
        }
        for (const name of ['set_slope', 'set_intersect', 'set_chi2', 'value', 'fit'])
            assert.equal(typeof fit[name], 'function', name);
        assert.ok(new services.Analytics() instanceof services.Services);
        assert.equal(services.Fit, analytics.Fit);
        assert.equal(typeof services.runBenchmark, 'function');
        const mon = new services.MemoryMonitoring({ pid: process.pid, workdir: '.' });
        assert.ok(mon instanceof services.Services);
        for (const name of ['get_command', 'execute', 'get_filename', 'get_results', 'analyzeLeak'])
            assert.equal(typeof mon[name], 'function', name);
        assert.equal(typeof communicator.PandaClient, 'function');
        assert.equal(typeof communicator.Communicator, 'function');
        assert.ok(infosys instanceof InfoService);
        const f = new FileSpec({ type: 'input', scope: 'mc16_13TeV', lfn: 'EVNT.1', workdir: '.' });
        assert.equal(f.lfn, 'EVNT.1');
    });
    it('maps Pilot 3 job request attributes to getJob fields', () => {
        assert.deepEqual(communicator.jobRequestData({ queue: 'Q', site: 'S', job_label: 'ptest', disk_space: 500, working_group: 'AP', node: 'wn1', mem: 2000 }), {
            getProxyKey: 'False', computingElement: 'Q', siteName: 'S', prodSourceLabel: 'ptest', diskSpace: '500', workingGroup: 'AP', node: 'wn1', mem: '2000',
        });
    });
});
describe('Communicator against the PanDA emulator', () => {
    let emu;
    before(async () => {
        emu = await startPandaEmulator({ queues: { DEMO: {} } });
    });
    after(async () => {
        await emu?.close();
    });
    it('get_jobs returns what the server has, one getJob per job', async () => {
        emu.addJobs([{ queue: 'DEMO', transformation: 'a.sh' }]);
        const comm = new communicator.Communicator({ url: emu.url, randomizeAlias: false });
        const jobs = await comm.get_jobs(2, { queue: 'DEMO', site: 'DEMO', job_label: 'managed' });
        assert.equal(jobs.length, 1);
        assert.match(String(jobs[0].transformation), /a\.sh$/);
        assert.equal(emu.requests.filter((r) => r.method === 'getJob').length, 2);
        const answers = await comm.update_jobs([{ jobId: String(jobs[0].PandaID), state: 'running' }]);
        assert.equal(String(answers[0].StatusCode), '0');
        assert.equal(emu.job(Number(jobs[0].PandaID)).jobStatus, 'running');
        assert.deepEqual(await comm.get_event_ranges(1, { PandaID: jobs[0].PandaID, jobsetID: 0, taskID: 0 }), []);
    });
    it('errors are PilotErrors with Pilot 3 codes', async () => {
        const comm = new communicator.Communicator({ url: emu.url, randomizeAlias: false });
        await assert.rejects(comm.get_event_ranges(1), (e) => e instanceof PilotError && e.code === ErrorCodes.COMMUNICATIONFAILURE);
        const dead = new communicator.Communicator({ url: 'http://127.0.0.1:9', randomizeAlias: false, timeoutS: 2 });
        await assert.rejects(dead.getJobs(1, { queue: 'DEMO' }), (e) => e instanceof PilotError && e.code === ErrorCodes.COMMUNICATIONFAILURE);
    });
});
//# sourceMappingURL=api.test.js.map