// The pilot's job cycle on real storage: inputs staged in with xrdcp falling back to native https
// (the XRootD replica is dead), outputs out with xrdcp to a real XRootD server, the log tarball
// out with native https to a real nginx WebDAV server, all reported in the final update.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { putWebdavFile, startWebdav } from '../support/webdav.js';
import { freePort, putServerFile, startXrootd } from '../support/xrootd.js';
const RSE = 'SITE_DATADISK';
let xrd;
let dav;
const input = randomBytes(300_000);
let inAdler = '';
before(async () => {
    [xrd, dav] = await Promise.all([startXrootd(), startWebdav()]);
    const tmp = mkdtempSync(path.join(tmpdir(), 'storage-'));
    writeFileSync(path.join(tmp, 'in'), input);
    inAdler = (await fileChecksums(path.join(tmp, 'in'))).adler32;
    rmSync(tmp, { recursive: true, force: true });
});
after(async () => {
    await Promise.all([xrd?.stop(), dav?.stop()]);
});
function storages() {
    const root = { endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' };
    const davs = { endpoint: dav.url, path: '/rucio', flavour: 'WEBDAV' };
    return {
        [RSE]: { name: RSE, site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {}, arprotocols: { read_lan: [root, davs], write_lan: [root, davs], read_wan: [davs], write_wan: [davs] } },
    };
}
test('xrdcp → https fallback for inputs, xrdcp for outputs, https for the log', async () => {
    const dead = await freePort();
    const rel = `rucio/${rucioPath('mc.test', 'in.root')}`;
    putServerFile(xrd, rel, input);
    putWebdavFile(dav, rel, input);
    const scn = await createScenario({
        queueOverrides: {
            acopytools: { read_lan: ['xrdcp', 'https'], write_lan: ['xrdcp'], pl: ['https'], pr: ['xrdcp', 'https'], pw: ['xrdcp'] },
            astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE], pr: [RSE], pw: [RSE] },
        },
        jobs: [
            {
                transformation: 'copy.sh',
                jobPars: 'in.root out.root',
                prodSourceLabel: 'ptest',
                inFiles: [{ lfn: 'in.root', scope: 'mc.test', size: input.length, checksum: `ad:${inAdler}`, ddm: RSE }],
                outFiles: [{ lfn: 'out.root', scope: 'mc.test', ddm: RSE }],
                logFile: { lfn: 'log.job.tgz', scope: 'mc.log', ddm: RSE },
            },
        ],
        trfs: { 'copy.sh': '#!/bin/bash\nset -e\ncat "$1" "$1" > "$2"\n' },
        config: { heartbeat: 60, update_sleep: 0.3 },
        emulator: { storages: storages() },
    });
    try {
        scn.rucio.addFile({
            scope: 'mc.test', name: 'in.root', bytes: input.length, adler32: inAdler,
            replicas: [
                { rse: RSE, pfn: `root://127.0.0.1:${dead}//${rel}`, priority: 1 },
                { rse: RSE, pfn: `${dav.url}/${rel}`, priority: 2 },
            ],
        });
        const res = await startPilot(scn, [], { ...xrd.env, PANDA_PILOT_CA_FILE: dav.caFile }).done;
        const [job] = scn.emulator.jobs();
        assert.equal(res.code, 0, res.stdout.slice(-4000));
        assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}`);
        const fin = scn.emulator.updates(job.PandaID).at(-1).params;
        const xml = JSON.parse(String(fin.xml));
        assert.match(String(xml['out.root'].surl), /^root:\/\//, 'output went out with xrdcp');
        assert.match(String(xml['log.job.tgz'].surl), /^davs:\/\//, 'log went out with https');
        // the bytes are on the servers at their deterministic paths
        const out = readFileSync(path.join(xrd.root, 'rucio', rucioPath('mc.test', 'out.root')));
        assert.deepEqual(out, Buffer.concat([input, input]));
        assert.equal(xml['out.root'].fsize, out.length);
        assert.ok(existsSync(path.join(dav.root, 'rucio', rucioPath('mc.log', 'log.job.tgz'))));
        // the dead XRootD replica was tried first and traced as failed, then https succeeded
        const tries = scn.rucio.traces.filter((t) => t.filename === 'in.root');
        assert.ok(tries.some((t) => t.clientState !== 'DONE' && t.protocol === 'root'), JSON.stringify(tries));
        assert.ok(tries.some((t) => t.clientState === 'DONE'));
    }
    finally {
        await scn.close();
    }
});
//# sourceMappingURL=storage.test.js.map