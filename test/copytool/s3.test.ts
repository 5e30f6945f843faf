/**
 * s3 copytool (AWS SDK v3) against s3rver, a local S3-compatible server from npm (the most
 * complete one the registries offer: MinIO/Ceph RGW are not packaged for Debian 12 or npm).
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import S3rver from 's3rver';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { s3Copytool, splitS3Url } from '../../src/copytool/s3.js';
import { StageOutClient } from '../../src/data/stageout.js';
import type { TransferFile } from '../../src/data/types.js';
import { freePort } from '../support/xrootd.js';

let server: S3rver;
let tmp: string;
let url: string;
const env = { ...process.env, S3_IS_SECURE: 'False', S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER', PILOT_USE_RUCIO_TRACES: 'False' };

describe('s3 copytool on a local S3 server (s3rver)', () => {
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 's3-'));
    const port = await freePort();
    server = new S3rver({ port, address: '127.0.0.1', silent: true, directory: join(tmp, 'store'), configureBuckets: [{ name: 'logs' }, { name: 'data' }] });
    await server.run();
    url = `s3://127.0.0.1:${port}`;
  });
  after(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('splits URLs as Pilot 3 does', () => {
    assert.deepEqual(splitS3Url('s3://host:9000//bucket//a/b.txt'), { endpoint: 's3://host:9000', bucket: 'bucket', key: 'a/b.txt' });
  });

  it('log stage-out to an OS_LOGS endpoint (queue/dataset layout), then stage it back in with checksum check', async () => {
    const w = mkdtempSync(join(tmp, 'w-'));
    const content = randomBytes(70_000);
    writeFileSync(join(w, 'job.log.tgz'), content);
    const storagedata = { LOGS: { name: 'LOGS', type: 'OS_LOGS', is_deterministic: false, arprotocols: { write_lan: [{ endpoint: url, path: '/logs', id: 175 }] } } };
    const client = new StageOutClient(null, { queuedata: { name: 'MYQ', acopytools: { pl: ['s3'] }, astorages: { pl: ['LOGS'] } }, storagedata, env: { ...env, PANDAID: '4242' } });
    const f: TransferFile = { filetype: 'log', lfn: 'job.log.tgz', scope: 'logs', dataset: 'ds_#{pandaid}', workdir: w };
    client.prepareDestinations([f], ['pl']);
    await client.transfer([f], { activity: 'pl', workdir: w });
    assert.equal(f.status, 'transferred');
    assert.equal(f.turl, `${url}/logs/MYQ/ds_4242/job.log.tgz`);
    assert.equal(f.protocol_id, 175);

    const back = mkdtempSync(join(tmp, 'b-'));
    const g: TransferFile = { lfn: 'job.log.tgz', scope: 'logs', surl: f.turl, checksum: { adler32: (await fileChecksums(join(w, 'job.log.tgz'))).adler32 } };
    const traced: Record<string, unknown>[] = [];
    const fields: Record<string, unknown> = {};
    const trace = { update: (x: Record<string, unknown>) => Object.assign(fields, x), send: () => traced.push({ ...fields }) };
    await s3Copytool.copyIn([g], { workdir: back, env, trace });
    assert.deepEqual(readFileSync(join(back, 'job.log.tgz')), content);
    // the shared per-file bookkeeping (perfile.ts transferEach): status and a DONE trace, as every copytool
    assert.equal(g.status, 'transferred');
    assert.equal(traced.at(-1)?.clientState, 'DONE');
    const bad: TransferFile = { lfn: 'job.log.tgz', scope: 'logs', surl: f.turl, checksum: { adler32: 'deadbeef' } };
    const back2 = mkdtempSync(join(tmp, 'b-'));
    await assert.rejects(s3Copytool.copyIn([bad], { workdir: back2, env }), (e: PilotError) => e.code === ErrorCodes.GETADMISMATCH);
    assert.equal(existsSync(join(back2, 'job.log.tgz')), false);
    // the shared download check (perfile.ts): an upper-case catalog adler32 matches, a wrong md5 or size does not
    const upper: TransferFile = { ...g, checksum: { adler32: g.checksum!.adler32!.toUpperCase() } };
    await s3Copytool.copyIn([upper], { workdir: mkdtempSync(join(tmp, 'b-')), env });
    assert.equal(upper.filesize, content.length);
    const md5: TransferFile = { lfn: 'job.log.tgz', scope: 'logs', surl: f.turl, checksum: { md5: '0'.repeat(32) } };
    await assert.rejects(s3Copytool.copyIn([md5], { workdir: mkdtempSync(join(tmp, 'b-')), env }), (e: PilotError) => e.code === ErrorCodes.GETMD5MISMATCH);
    const size: TransferFile = { lfn: 'job.log.tgz', scope: 'logs', surl: f.turl, filesize: content.length + 1 };
    await assert.rejects(s3Copytool.copyIn([size], { workdir: mkdtempSync(join(tmp, 'b-')), env }), (e: PilotError) => e.code === ErrorCodes.STAGEINFAILED);
  });

  it('missing object → MISSINGINPUTFILE (1331); missing local file → STAGEOUTFAILED (1137)', async () => {
    const w = mkdtempSync(join(tmp, 'w-'));
    await assert.rejects(s3Copytool.copyIn([{ lfn: 'x', scope: 's', surl: `${url}/data/none/x` }], { workdir: w, env }), (e: PilotError) => e.code === ErrorCodes.MISSINGINPUTFILE);
    await assert.rejects(s3Copytool.copyOut([{ lfn: 'absent', scope: 's', turl: `${url}/data/a` }], { workdir: w, env }), (e: PilotError) => e.code === ErrorCodes.STAGEOUTFAILED);
  });
});
