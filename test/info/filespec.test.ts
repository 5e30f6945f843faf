import assert from 'node:assert/strict';
import { errorCode } from '../support/errors.js';
import { describe, it } from 'node:test';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { FileSpec, formatChecksum, parseChecksum, unsafePathReason } from '../../src/info/index.js';

const code = errorCode;

describe('FileSpec construction', () => {
  it('builds an input file the seed API way with Pilot 3 defaults', () => {
    const f = new FileSpec({ type: 'input', scope: 'mc16_13TeV', lfn: 'EVNT.11320990._003958.pool.root.1', workdir: '.', ddmendpoint: 'RRC-KI-T1_DATADISK' });
    assert.equal(f.filetype, 'input');
    assert.equal(f.scope, 'mc16_13TeV');
    assert.equal(f.lfn, 'EVNT.11320990._003958.pool.root.1');
    assert.equal(f.workdir, '.');
    assert.equal(f.ddmendpoint, 'RRC-KI-T1_DATADISK');
    assert.equal(f.filesize, 0);
    assert.deepEqual(f.checksum, {});
    assert.equal(f.allow_lan, true);
    assert.equal(f.allow_wan, false);
    assert.equal(f.direct_access_lan, false);
    assert.equal(f.replicas, null);
    assert.equal(f.protocols, null);
    assert.equal(f.status, null);
    assert.equal(f.status_code, 0);
    assert.deepEqual(f.inputddms, []);
    assert.equal(f.ddm_activity, null);
    assert.equal(f.is_tar, false);
    assert.equal(f.checkinputsize, true);
    assert.equal(f.is_altstaged, null);
    assert.equal(f.require_transfer(), true);
  });

  it('accepts Pilot 3 filetype= and defaults to input', () => {
    assert.equal(new FileSpec({ filetype: 'log', lfn: 'a.log.tgz' }).filetype, 'log');
    assert.equal(new FileSpec({ lfn: 'x' }).filetype, 'input');
    assert.equal(new FileSpec({ type: 'output', lfn: 'x' }).filetype, 'output');
    assert.equal(code(() => new FileSpec({ type: 'bogus' as never, lfn: 'x' })), ErrorCodes.INTERNALPILOTPROBLEM);
  });

  it('cleans loosely typed values like BaseData', () => {
    const f = new FileSpec({ lfn: 'a', filesize: ' 1234 ', mtime: 'NULL', status_code: 'x', allow_wan: 'yes', allow_lan: 'no', direct_access_lan: '1', checkinputsize: 'maybe' });
    assert.equal(f.filesize, 1234);
    assert.equal(f.mtime, 0);
    assert.equal(f.status_code, 0);
    assert.equal(f.allow_wan, true);
    assert.equal(f.allow_lan, false);
    assert.equal(f.direct_access_lan, true);
    assert.equal(f.checkinputsize, true); // invalid boolean text → default
    const g = new FileSpec({ lfn: 'a', inputddms: 'A,B', ddm_activity: ['read_lan', 'read_wan'], replicas: [{ pfn: 'root://h//p', ddmendpoint: 'A', domain: 'lan' }] });
    assert.deepEqual(g.inputddms, ['A', 'B']);
    assert.deepEqual(g.ddm_activity, ['read_lan', 'read_wan']);
    assert.equal(g.replicas?.[0]?.pfn, 'root://h//p');
  });

  it('handles zip:// and gs:// LFNs', () => {
    const z = new FileSpec({ lfn: 'zip://EVNT.1.pool.root.1' });
    assert.equal(z.lfn, 'EVNT.1.pool.root.1');
    assert.equal(z.is_tar, true);
    const g = new FileSpec({ lfn: 'gs://bucket/some/path/file.root' });
    assert.equal(g.lfn, 'file.root');
    assert.equal(g.surl, 'gs://bucket/some/path/file.root');
  });

  it('serialises to a plain object', () => {
    const f = new FileSpec({ type: 'output', lfn: 'o.root', checksum: 'ad:0000abcd' });
    const o = JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
    assert.equal(o.lfn, 'o.root');
    assert.deepEqual(o.checksum, { adler32: '0000abcd' });
    assert.equal(o.filetype, 'output');
  });
});

describe('checksums', () => {
  it('parses the server spellings', () => {
    assert.deepEqual(parseChecksum('ad:1a2b3c4d'), { adler32: '1a2b3c4d' });
    assert.deepEqual(parseChecksum('md:0123456789abcdef0123456789ABCDEF'), { md5: '0123456789abcdef0123456789abcdef' });
    assert.deepEqual(parseChecksum('adler32:abcdef'), { adler32: 'abcdef' });
    assert.deepEqual(parseChecksum('md5:0123456789abcdef0123456789abcdef'), { md5: '0123456789abcdef0123456789abcdef' });
    assert.deepEqual(parseChecksum('abcdef'), { adler32: 'abcdef' }); // bare → adler32 (Pilot 3 test vector)
    assert.deepEqual(parseChecksum('0123456789abcdef0123456789abcdef'), { md5: '0123456789abcdef0123456789abcdef' });
    for (const none of ['', 'NULL', 'None', ' null ']) assert.deepEqual(parseChecksum(none), {});
  });

  it('rejects unknown types and malformed values with UNKNOWNCHECKSUMTYPE', () => {
    for (const bad of ['sha1:abcdef', 'ad:xyz', 'ad:123456789', 'md:abc', 'zz', 'ad:']) {
      assert.equal(code(() => parseChecksum(bad)), ErrorCodes.UNKNOWNCHECKSUMTYPE, bad);
    }
    assert.equal(code(() => new FileSpec({ lfn: 'a', checksum: { sha256: 'ab' } as never })), ErrorCodes.UNKNOWNCHECKSUMTYPE);
  });

  it('reads description checksums as Pilot 3 (anything but ad/md is adler32, as given), NULL/None as none', () => {
    assert.deepEqual(new FileSpec({ lfn: 'a', checksum: 'crc:1' }).checksum, { adler32: '1' });
    assert.deepEqual(new FileSpec({ lfn: 'a', checksum: 'md:ABC' }).checksum, { md5: 'ABC' });
    assert.deepEqual(new FileSpec({ lfn: 'a', checksum: 'ad:1:2' }).checksum, { adler32: 'ad:1:2' });
    assert.deepEqual(new FileSpec({ lfn: 'a', checksum: '' }).checksum, { adler32: '' });
    for (const none of ['NULL', 'None', 'ad:NULL', ' none ']) assert.deepEqual(new FileSpec({ lfn: 'a', checksum: none }).checksum, {}, none);
  });

  it('keeps a checksum object given to the constructor (Pilot 3 mangles it)', () => {
    const f = new FileSpec({ lfn: 'a', checksum: { adler32: 'ABCDEF01' } });
    assert.deepEqual(f.checksum, { adler32: 'abcdef01' });
    assert.equal(f.get_checksum(), 'abcdef01');
    assert.equal(f.get_checksum('md5'), undefined);
    assert.equal(formatChecksum(f.checksum), 'ad:abcdef01');
    assert.equal(formatChecksum({ md5: '0123456789abcdef0123456789abcdef' }), 'md:0123456789abcdef0123456789abcdef');
    assert.equal(formatChecksum({}), '');
  });
});

describe('path safety', () => {
  it('rejects LFNs that escape the work directory or carry shell syntax', () => {
    const bad = ['../etc/passwd', 'a/../../b', '/etc/passwd', 'a;rm -rf x', 'a$(id)', 'a`id`', 'a b', 'a\nb', 'a\0b', '-rf', '~/x', 'a|b', 'a>b', "a'b", 'a//b', './a'];
    for (const lfn of bad) {
      assert.ok(unsafePathReason(lfn), lfn);
      assert.equal(code(() => new FileSpec({ type: 'input', lfn })), ErrorCodes.STAGEINFAILED, lfn);
      assert.equal(code(() => new FileSpec({ type: 'output', lfn })), ErrorCodes.BADOUTPUTFILENAME, lfn);
    }
    assert.equal(code(() => new FileSpec({ type: 'log', lfn: '../x.log.tgz' })), ErrorCodes.BADOUTPUTFILENAME);
  });

  it('rejects unsafe scopes, including any slash', () => {
    for (const scope of ['..', 'a/b', '/abs', 'x;y', 'us er']) {
      assert.equal(code(() => new FileSpec({ lfn: 'f', scope })), ErrorCodes.STAGEINFAILED, scope);
    }
  });

  it('accepts real names', () => {
    for (const lfn of ['RAW.37000001._000042.data', 'user.jdoe.123._000001.lib.tgz', 'log.37000099._000042.job.log.tgz.1', 'sub/dir/file.root', 'a+b=c@d,e:f#g%h']) {
      assert.equal(unsafePathReason(lfn), undefined, lfn);
      assert.equal(new FileSpec({ lfn, scope: 'user.jdoe' }).lfn, lfn);
    }
  });

  it('checks the name after zip:// is stripped', () => {
    assert.equal(code(() => new FileSpec({ lfn: 'zip://../x' })), ErrorCodes.STAGEINFAILED);
  });
});

describe('FileSpec helpers', () => {
  it('decides direct access like Pilot 3', () => {
    const f = new FileSpec({ lfn: 'AOD.pool.root.1', accessmode: 'direct', turl: 'root://host//path/AOD.pool.root.1' });
    assert.equal(f.is_directaccess(), true);
    assert.equal(f.is_directaccess(true, ['https']), false);
    assert.equal(f.is_directaccess(false), true);
    f.turl = '';
    assert.equal(f.is_directaccess(), false);
    assert.equal(f.is_directaccess(false), true);
    f.accessmode = 'copy';
    assert.equal(f.is_directaccess(false), false);
    for (const lfn of ['x.tar.gz', 'user.lib.tgz', 'data.RAW.x', 'raw.123.data']) {
      const g = new FileSpec({ lfn, accessmode: 'direct', turl: 'root://h//p' });
      assert.equal(g.is_directaccess(), false, lfn);
    }
  });

  it('parses storage tokens', () => {
    assert.deepEqual(new FileSpec({ lfn: 'a', storage_token: '12/1000' }).get_storage_id_and_path_convention(), [12, 1000]);
    assert.deepEqual(new FileSpec({ lfn: 'a', storage_token: '12' }).get_storage_id_and_path_convention(), [12, null]);
    assert.deepEqual(new FileSpec({ lfn: 'a', storage_token: 'ATLASDATADISK' }).get_storage_id_and_path_convention(), [null, null]);
    assert.deepEqual(new FileSpec({ lfn: 'a', storage_token: '1/2/3' }).get_storage_id_and_path_convention(), [null, null]);
  });

  it('knows which files still need a transfer', () => {
    const f = new FileSpec({ lfn: 'a' });
    for (const s of ['remote_io', 'transferred', 'no_transfer']) {
      f.status = s;
      assert.equal(f.require_transfer(), false, s);
    }
    f.status = 'failed';
    assert.equal(f.require_transfer(), true);
  });
});
