import assert from 'node:assert/strict';
import { errorCode } from '../support/errors.js';
import { describe, it } from 'node:test';
import { ErrorCodes } from '../../src/common/errors.js';
import { checkQueueActive, copytoolsForActivity, mergeDictData, parseContainerType, parsePythonLiteral, QueueData, resolveAcopytools, stageInActivities, stageOutActivities, StorageData, storagesForActivity, } from '../../src/info/index.js';
import { exampleQueue, exampleStorages } from './fixtures.js';
const code = errorCode;
describe('QueueData', () => {
    it('maps and cleans the external fields', () => {
        const q = new QueueData(exampleQueue());
        assert.equal(q.name, 'CERN-EXAMPLE');
        assert.equal(q.resource, 'CERN-EXAMPLE');
        assert.equal(q.site, 'CERN-PROD');
        assert.equal(q.type, 'unified');
        assert.equal(q.state, 'ACTIVE');
        assert.equal(q.status, 'online');
        assert.equal(q.resource_type, 'GRID');
        assert.equal(q.platform, '');
        assert.equal(q.corecount, 8);
        assert.equal(q.maxrss, 16000);
        assert.equal(q.maxwdir, 32768);
        assert.equal(q.maxinputsize, 14336);
        assert.equal(q.maxtime, 172800);
        assert.equal(q.timefloor, 3600); // minutes → seconds
        assert.equal(q.es_stageout_gap, 7200); // zip_time_gap 0 → 7200
        assert.equal(q.memkillgrace, 100);
        assert.deepEqual(q.container_type, { pilot: 'apptainer', middleware: 'container' });
        assert.equal(q.container_options, '-B /cvmfs,/scratch,/etc/grid-security,${workdir} --contain');
        assert.equal(q.direct_access_lan, true);
        assert.equal(q.direct_access_wan, false);
        assert.equal(q.allow_lan, true);
        assert.equal(q.allow_wan, false);
        assert.equal(q.is_cvmfs, true);
        assert.deepEqual(q.acopytools?.read_lan, ['rucio', 'xrdcp']);
        assert.deepEqual(q.astorages?.pl, ['CERN-PROD_LOGS']);
        assert.deepEqual(Object.keys(q.copytools ?? {}), ['rucio', 'xrdcp']);
        assert.equal(q.altstageout, true);
        assert.equal(q.allow_altstageout(), true);
        assert.equal(q.pilot_walltime_grace, 1.1);
        assert.equal(q.pilot_rss_grace, 2.0);
        assert.equal(q.pilot_maxwdir_grace, 1.2);
    });
    it('applies defaults, string dicts, gstat and catchall container options', () => {
        const q = new QueueData({
            nickname: 'Q', gstat: 'SITE', corecount: 0, pledgedcpu: -1, timefloor: 'NULL', maxwdir: '2048', allow_wan: 'True',
            acopytools: "{'pr': ['mv'], 'pw': 'mv'}", params: "{'pilot_rss_grace': 50, 'pilot_walltime_grace': 'x'}",
            container_options: 'None', catchall: "singularity_options='-B /etc/grid-security/certificates,/cvmfs --contain' other",
            zip_time_gap: '300',
        });
        assert.equal(q.site, 'SITE');
        assert.equal(q.corecount, 1);
        assert.equal(q.timefloor, 0);
        assert.equal(q.maxwdir, 2048);
        assert.equal(q.allow_wan, true);
        assert.equal(q.es_stageout_gap, 300);
        assert.deepEqual(q.acopytools, { pr: ['mv'], pw: ['mv'] });
        assert.equal(q.pilot_rss_grace, 1.5);
        assert.equal(q.pilot_walltime_grace, 1.0);
        assert.equal(q.altstageout, null);
        assert.equal(q.container_options, '-B /etc/grid-security/certificates,/cvmfs,${workdir} --contain');
        assert.equal(q.state, null);
        assert.equal(q.astorages, null);
        assert.equal(new QueueData({ nickname: 'O', pledgedcpu: -1 }).es_stageout_gap, 600);
        assert.equal(code(() => new QueueData({ nickname: 'B', acopytools: '{broken' })), ErrorCodes.QUEUEDATANOTOK);
    });
    it('parses container_type', () => {
        assert.deepEqual(parseContainerType('singularity:pilot;docker:wrapper'), { pilot: 'singularity', wrapper: 'docker' });
        assert.deepEqual(parseContainerType(''), {});
        assert.deepEqual(parseContainerType('bad;a:b:c'), {});
    });
    it('resolves allowed schemas per activity and copytool', () => {
        const q = new QueueData(exampleQueue({ acopytools_schemas: { pr: { xrdcp: ['root'], default: ['root', 'davs'] }, pw: ['https'], default: ['file'] } }));
        assert.deepEqual(q.resolve_allowed_schemas('pr', 'xrdcp'), ['root']);
        assert.deepEqual(q.resolve_allowed_schemas(['pr'], 'rucio'), ['root', 'davs']);
        assert.deepEqual(q.resolve_allowed_schemas('pw', 'gfal'), ['https']);
        assert.deepEqual(q.resolve_allowed_schemas('nope'), ['file']);
        const acts = ['read_lan'];
        q.resolve_allowed_schemas(acts);
        assert.deepEqual(acts, ['read_lan']); // the caller's list is left alone
        assert.deepEqual(new QueueData({ nickname: 'Q' }).resolve_allowed_schemas('pr'), []);
    });
});
describe('queue state checks', () => {
    it('accepts an active online queue', () => {
        checkQueueActive(new QueueData(exampleQueue()));
        checkQueueActive(new QueueData(exampleQueue({ status: 'brokeroff' })));
    });
    it('rejects inactive (1359) and offline (1386) queues', () => {
        assert.equal(code(() => checkQueueActive(new QueueData(exampleQueue({ state: 'INACTIVE' })))), ErrorCodes.PANDAQUEUENOTACTIVE);
        assert.equal(code(() => checkQueueActive(new QueueData(exampleQueue({ state: undefined })))), ErrorCodes.PANDAQUEUENOTACTIVE);
        assert.equal(code(() => checkQueueActive(new QueueData(exampleQueue({ status: 'OFFLINE' })))), ErrorCodes.PANDAQUEUENOTONLINE);
        assert.equal(ErrorCodes.PANDAQUEUENOTACTIVE, 1359);
        assert.equal(ErrorCodes.PANDAQUEUENOTONLINE, 1386);
    });
});
describe('StorageData', () => {
    it('maps id to pk and keeps protocols', () => {
        const all = exampleStorages();
        const d = new StorageData(all['CERN-PROD_DATADISK']);
        assert.equal(d.pk, 1342);
        assert.equal(d.name, 'CERN-PROD_DATADISK');
        assert.equal(d.type, 'DATADISK');
        assert.equal(d.token, 'ATLASDATADISK');
        assert.equal(d.is_deterministic, true);
        assert.equal(d.site, 'CERN-PROD');
        assert.equal(d.rprotocols['7']?.endpoint, 'root://eosatlas.cern.ch:1094');
        assert.equal(d.protocolsFor(['write_lan', 'write_wan'])[0]?.id, 7);
        assert.equal(d.protocolsFor(['nope', 'read_wan'])[0]?.id, 8);
        assert.deepEqual(d.protocolsFor('nope'), []);
        assert.equal(d.isObjectStore(), false);
        const l = new StorageData(all['CERN-PROD_LOGS']);
        assert.equal(l.is_deterministic, false);
        assert.equal(l.resource?.bucket_id, 5001);
        assert.equal(l.isObjectStore(), true);
        // special_setup is per instance (Pilot 3 shares it between all instances)
        l.special_setup['999'] = 'export X=1;';
        assert.deepEqual(d.special_setup, {});
    });
    it('builds the object-store key setup through getKeyPair', async () => {
        const all = exampleStorages();
        const l = new StorageData(all['CERN-PROD_LOGS']);
        const asked = [];
        const getKeyPair = async (data) => {
            asked.push(data);
            return { StatusCode: 0, publicKey: 'PUB', privateKey: "pr'iv" };
        };
        const setup = await l.get_special_setup(175, getKeyPair);
        assert.equal(setup, `export S3_ACCESS_KEY='PUB'; export S3_SECRET_KEY='pr'"'"'iv'; export S3_IS_SECURE='True';`);
        assert.deepEqual(asked, [{ privateKeyName: 'sk_name', publicKeyName: 'ak_name' }]);
        assert.equal(await l.get_special_setup('175', getKeyPair), setup);
        assert.equal(asked.length, 1); // cached
        assert.equal(await l.get_special_setup(1, getKeyPair), undefined);
        const fresh = new StorageData(all['CERN-PROD_LOGS']);
        assert.equal(await fresh.get_special_setup(175, async () => ({ StatusCode: 20 })), undefined);
        const disk = new StorageData(all['CERN-PROD_DATADISK']);
        assert.equal(await disk.get_special_setup(7, getKeyPair), undefined);
    });
});
describe('activity helpers for the data layer', () => {
    const q = new QueueData(exampleQueue());
    it('resolves acopytools like the staging client', () => {
        assert.deepEqual(resolveAcopytools(q), { ...q.acopytools, default: ['rucio'] });
        assert.deepEqual(resolveAcopytools(q, 'mv'), { default: ['mv'] });
        assert.deepEqual(resolveAcopytools(q, ['xrdcp', 'gfal']), { default: ['xrdcp', 'gfal'] });
        assert.deepEqual(resolveAcopytools(q, { pr: ['lsm'] }), { pr: ['lsm'], default: ['rucio'] });
        assert.deepEqual(resolveAcopytools(new QueueData({ nickname: 'Q', copytools: { mv: {}, lsm: {} } })), { default: ['mv', 'lsm'] });
        assert.deepEqual(resolveAcopytools(null), { default: ['rucio'] });
        assert.equal(code(() => resolveAcopytools(null, undefined, '')), ErrorCodes.UNKNOWNCOPYTOOL);
    });
    it('walks activities for copytools and storages', () => {
        const map = resolveAcopytools(q);
        assert.deepEqual(copytoolsForActivity(map, ['read_lan']), ['rucio', 'xrdcp']);
        assert.deepEqual(copytoolsForActivity(map, ['es_events', 'pw']), ['rucio']);
        assert.deepEqual(copytoolsForActivity(map, 'nothing'), ['rucio']); // default
        assert.equal(code(() => copytoolsForActivity({ pr: ['x'] }, 'pw')), ErrorCodes.UNKNOWNCOPYTOOL);
        assert.deepEqual(storagesForActivity(q, ['write_lan_analysis', 'write_lan', 'w']), ['CERN-PROD_DATADISK']);
        assert.deepEqual(storagesForActivity(q, ['pl', 'write_lan']), ['CERN-PROD_LOGS']);
        assert.deepEqual(storagesForActivity(q, 'none'), []);
        assert.deepEqual(stageInActivities(q, true), { copytool: ['read_lan'], storages: ['read_lan_analysis', 'read_lan'] });
        assert.deepEqual(stageInActivities(q, false).storages, ['read_lan']);
        assert.deepEqual(stageOutActivities(q, false, true), ['pl', 'write_lan', 'w']);
        assert.deepEqual(stageOutActivities(q, true), ['write_lan_analysis', 'write_lan', 'w']);
    });
});
describe('Python literals and dict merging', () => {
    it('parses what ast.literal_eval accepts', () => {
        assert.deepEqual(parsePythonLiteral("{'a': 1, \"b\": [1, 2.5, -3], 'c': (True, False, None), 'd': {'e': 'x\\'y'},}"), {
            a: 1, b: [1, 2.5, -3], c: [true, false, null], d: { e: "x'y" },
        });
        assert.deepEqual(parsePythonLiteral('{"json": true, "n": null}'), { json: true, n: null });
        assert.equal(parsePythonLiteral("u'\\x41\\n'"), 'A\n');
        assert.deepEqual(parsePythonLiteral('[]'), []);
        for (const bad of ['{', "{'a' 1}", '__import__("os")', "{'a': 1} x", "'open"])
            assert.throws(() => parsePythonLiteral(bad), /offset/, bad);
    });
    it('merges like merge_dict_data', () => {
        assert.deepEqual(mergeDictData({ a: 1, n: { x: 1, y: 2 }, l: [1] }, { b: 2, n: { y: 3 }, l: [2] }), { a: 1, b: 2, n: { x: 1, y: 3 }, l: [2] });
        assert.equal(mergeDictData({ a: 1 }, 'x'), 'x');
        assert.deepEqual(mergeDictData(null, { a: 1 }), { a: 1 });
    });
});
//# sourceMappingURL=queuedata.test.js.map