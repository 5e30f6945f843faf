/** Pure decision logic of the clients: replica order and choice, schemas, destinations, activities. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ErrorCodes } from '../../src/common/errors.js';
import { activityList, chooseReplica, isDirectAccess, orderReplicas, resolveAllowedSchemas, StageInClient, StageOutClient } from '../../src/data/index.js';
describe('replica and destination selection', () => {
    it('orders Rucio pfns: priority, inputddms first, DISK only, domain from inputddms, lan/wan allowances', () => {
        const f = { lfn: 'x', scope: 's', inputddms: ['LOCAL'], allow_lan: true, allow_wan: true };
        const rec = {
            scope: 's', name: 'x', pfns: {
                'root://far//x': { rse: 'FAR', priority: 1, type: 'DISK' },
                'davs://local/x': { rse: 'LOCAL', priority: 3, type: 'DISK' },
                'root://local//x': { rse: 'LOCAL', priority: 2, type: 'DISK' },
                'root://tape//x': { rse: 'TAPE', priority: 0, type: 'TAPE' },
            },
        };
        assert.deepEqual(orderReplicas(f, rec), [
            { pfn: 'root://local//x', ddmendpoint: 'LOCAL', domain: 'lan' },
            { pfn: 'davs://local/x', ddmendpoint: 'LOCAL', domain: 'lan' },
            { pfn: 'root://far//x', ddmendpoint: 'FAR', domain: 'wan' },
        ]);
        assert.deepEqual(orderReplicas({ ...f, allow_wan: false }, rec).map((r) => r.domain), ['lan', 'lan']);
    });
    it('chooses by domain and schema; surl is the endpoint srm replica when there is one', () => {
        const f = { lfn: 'x', scope: 's', replicas: [
                { pfn: 'srm://local/x', ddmendpoint: 'LOCAL', domain: 'lan' },
                { pfn: 'davs://local/x', ddmendpoint: 'LOCAL', domain: 'lan' },
                { pfn: 'root://local//x', ddmendpoint: 'LOCAL', domain: 'lan' },
            ] };
        assert.deepEqual(chooseReplica(f, undefined, ['root'], 'lan'), { pfn: 'root://local//x', surl: 'srm://local/x', ddmendpoint: 'LOCAL', domain: 'lan' });
        assert.equal(chooseReplica(f, ['root'], undefined, 'lan')?.pfn, 'root://local//x');
        assert.equal(chooseReplica(f, undefined, undefined, 'lan')?.pfn, 'srm://local/x');
        assert.equal(chooseReplica(f, undefined, ['root'], 'wan'), undefined);
    });
    it('direct access eligibility (Pilot 3 is_directaccess)', () => {
        assert.equal(isDirectAccess({ lfn: 'a.root', scope: '', accessmode: 'direct', turl: 'root://h//a' }), true);
        assert.equal(isDirectAccess({ lfn: 'a.root', scope: '', accessmode: 'copy', turl: 'root://h//a' }), false);
        assert.equal(isDirectAccess({ lfn: 'a.lib.tgz', scope: '', accessmode: 'direct', turl: 'root://h//a' }), false);
        assert.equal(isDirectAccess({ lfn: 'raw.data', scope: '', accessmode: 'direct', turl: 'root://h//a' }), false);
        assert.equal(isDirectAccess({ lfn: 'a.root', scope: '', accessmode: 'direct', turl: 'davs://h/a' }), false);
        assert.equal(isDirectAccess({ lfn: 'a.root', scope: '', accessmode: 'direct' }, false), true);
    });
    it('allowed schemas per activity and copytool; activity lists are copied, default last', () => {
        const qd = { acopytools_schemas: { pr: { xrdcp: ['root'], default: ['root', 'davs'] }, pw: ['davs'] } };
        assert.deepEqual(resolveAllowedSchemas(qd, ['pr'], 'xrdcp'), ['root']);
        assert.deepEqual(resolveAllowedSchemas(qd, ['pr'], 'gfal'), ['root', 'davs']);
        assert.deepEqual(resolveAllowedSchemas(qd, ['x', 'pw'], 'gfal'), ['davs']);
        assert.deepEqual(resolveAllowedSchemas(qd, ['none']), []);
        const acts = ['write_lan', 'w'];
        assert.deepEqual(activityList(acts), ['write_lan', 'w', 'default']);
        assert.deepEqual(acts, ['write_lan', 'w']);
    });
    it('copytools per activity with Pilot 3 fallbacks (queue acopytools, copytools keys, rucio default)', () => {
        assert.deepEqual(new StageInClient(null, { queuedata: { acopytools: { pr: ['xrdcp'] } } }).copytoolsFor(activityList('read_lan')), ['rucio']);
        assert.deepEqual(new StageInClient(null, { queuedata: { acopytools: { pr: ['xrdcp'] } } }).copytoolsFor(activityList('pr')), ['xrdcp']);
        assert.deepEqual(new StageInClient(null, { queuedata: { copytools: { gfal: {}, mv: {} } } }).copytoolsFor(['read_lan', 'default']), ['gfal', 'mv']);
        assert.deepEqual(new StageInClient(null, { acopytools: 'mv' }).copytoolsFor(['default']), ['mv']);
        assert.throws(() => new StageInClient(null, { defaultCopytools: [] }), (e) => e.code === ErrorCodes.UNKNOWNCOPYTOOL);
    });
    it('destinations: first astorages entry, cyclic alternative skipping excluded endpoints, NOSTORAGE without storages', () => {
        const c = new StageOutClient(null, { queuedata: { astorages: { pw: ['A', 'B', 'C'] } } });
        const f1 = { lfn: 'a', scope: 's' };
        const f2 = { lfn: 'b', scope: 's', ddmendpoint: 'C' };
        const f3 = { lfn: 'c', scope: 's', ddmendpoint: 'Z' };
        c.prepareDestinations([f1, f2, f3], ['pw'], ['B']);
        assert.deepEqual([f1.ddmendpoint, f1.ddmendpoint_alt], ['A', 'C']);
        assert.deepEqual([f2.ddmendpoint, f2.ddmendpoint_alt], ['C', 'A']);
        assert.deepEqual([f3.ddmendpoint, f3.ddmendpoint_alt], ['A', 'Z']);
        assert.throws(() => new StageOutClient(null, { queuedata: { astorages: {} } }).prepareDestinations([f1], ['pw']), (e) => e.code === ErrorCodes.NOSTORAGE);
        assert.throws(() => c.prepareDestinations([f1], []), (e) => e.code === ErrorCodes.INTERNALPILOTPROBLEM);
    });
    it('missing endpoints: stage-out to an unknown endpoint → NOSTORAGE (1133), no protocol → NOSTORAGEPROTOCOL (1313)', async () => {
        const w = mkdtempSync(join(tmpdir(), 'sel-'));
        writeFileSync(join(w, 'o.root'), 'x');
        const qd = { acopytools: { pw: ['xrdcp'] }, astorages: { pw: ['KNOWN'] } };
        const env = { PILOT_USE_RUCIO_TRACES: 'False' };
        const c1 = new StageOutClient(null, { queuedata: qd, storagedata: {}, env });
        await assert.rejects(c1.transfer([{ lfn: 'o.root', scope: 's', ddmendpoint: 'KNOWN', workdir: w }], { activity: 'pw', workdir: w }), (e) => e.code === ErrorCodes.NOSTORAGE);
        const c2 = new StageOutClient(null, { queuedata: qd, storagedata: { KNOWN: { name: 'KNOWN', is_deterministic: true, arprotocols: { write_wan: [{ endpoint: 'davs://h:1', path: '/p' }] } } }, env });
        await assert.rejects(c2.transfer([{ lfn: 'o.root', scope: 's', ddmendpoint: 'KNOWN', workdir: w }], { activity: 'pw', workdir: w }), (e) => e.code === ErrorCodes.NOSTORAGEPROTOCOL);
        const c3 = new StageOutClient(null, { queuedata: qd, storagedata: { KNOWN: { name: 'KNOWN', is_deterministic: false, arprotocols: { write_wan: [{ endpoint: 'root://h:1', path: '/p' }] } } }, env });
        await assert.rejects(c3.transfer([{ lfn: 'o.root', scope: 's', ddmendpoint: 'KNOWN', workdir: w }], { activity: 'pw', workdir: w }), (e) => e.code === ErrorCodes.NONDETERMINISTICDDM);
        const c4 = new StageOutClient(null, { queuedata: qd, storagedata: {}, env });
        writeFileSync(join(w, 'empty.root'), '');
        await assert.rejects(c4.transfer([{ lfn: 'empty.root', scope: 's', ddmendpoint: 'KNOWN', workdir: w }], { activity: 'pw', workdir: w }), (e) => e.code === ErrorCodes.ZEROFILESIZE);
        rmSync(w, { recursive: true, force: true });
    });
});
//# sourceMappingURL=selection.test.js.map