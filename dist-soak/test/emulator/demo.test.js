/** Demo setup, waitForJob and pilotArgs. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DEMO_TRF_NAME, DEMO_TRF_SCRIPT, demoSetup, startPandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postJson, xmlFor } from './helpers.js';
describe('demo setup', () => {
    let dir;
    let emu;
    before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'emu-demo-'));
        await writeFile(join(dir, DEMO_TRF_NAME), DEMO_TRF_SCRIPT);
        await chmod(join(dir, DEMO_TRF_NAME), 0o755);
        emu = await startPandaEmulator({ ...demoSetup({ jobs: 2, storageDir: join(dir, 'storage'), tag: 't1', sleepS: 0 }), trfDir: dir });
    });
    after(async () => {
        await emu.close();
        await rm(dir, { recursive: true, force: true });
    });
    it('dispatches demo jobs whose transformation downloads and writes the output file', async () => {
        const d = parseQs((await postJson(emu.url, 'getJob', { siteName: 'DEMO', prodSourceLabel: 'managed' })).text);
        assert.equal(d.transformation, `${emu.url}/trf/${DEMO_TRF_NAME}`);
        assert.equal(d.outFiles, 'demo.t1._000001.out,log.t1._000001.job.log.tgz');
        assert.equal(d.ddmEndPointOut, 'DEMO_LOCAL,DEMO_LOCAL');
        const script = await (await fetch(String(d.transformation))).text();
        const work = join(dir, 'work');
        await import('node:fs/promises').then((fs) => fs.mkdir(work));
        await writeFile(join(work, 'trf'), script, { mode: 0o755 });
        const { stdout } = await promisify(execFile)(join(work, 'trf'), String(d.jobPars).split(' '), { cwd: work });
        assert.match(stdout, /event 9\ndemo payload done/);
        assert.match(await readFile(join(work, 'demo.t1._000001.out'), 'utf8'), /demo output written/);
        const q = (await (await fetch(`${emu.url}/cache/schedconfig/DEMO.all.json`)).json());
        assert.equal(q.catchall, 'mv_final_destination');
    });
    it('waitForJob resolves on the change and times out otherwise; pilotArgs point at the emulator', async () => {
        const id = emu.jobs()[0].PandaID;
        const finished = emu.waitForJob(id, ['finished']);
        await postJson(emu.url, 'updateJob', { jobId: id, state: 'finished', xml: xmlFor(['demo.t1._000001.out', 'log.t1._000001.job.log.tgz']) });
        assert.equal((await finished).jobStatus, 'finished');
        await assert.rejects(emu.waitForJob(emu.jobs()[1].PandaID, ['running'], 100), /did not reach/);
        const args = emu.pilotArgs('DEMO');
        assert.equal(args[args.indexOf('-g') + 1], `${emu.url}/trf`);
        assert.equal(args[args.indexOf('--queuedata-url') + 1], `${emu.url}/cache/schedconfig/{pandaqueue}.all.json`);
    });
});
//# sourceMappingURL=demo.test.js.map