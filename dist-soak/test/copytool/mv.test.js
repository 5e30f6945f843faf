import { strict as assert } from 'node:assert';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes } from '../../src/common/errors.js';
import { getCopytool, copytoolNames } from '../../src/copytool/registry.js';
import { mvCopytool } from '../../src/copytool/mv.js';
import { rucioPath } from '../../src/copytool/paths.js';
let home;
let workdir;
function inputs(names) {
    return names.map((lfn) => ({ filetype: 'input', lfn, scope: 'scope1', workdir }));
}
describe('mv copytool', () => {
    before(async () => {
        home = await mkdtemp(join(tmpdir(), 'mv-'));
        workdir = join(home, 'PanDA_Pilot-1');
        await mkdir(workdir);
        for (let i = 0; i < 5; i++)
            await writeFile(join(home, `in${i}.root`), `data ${i}`.repeat(100 + i));
    });
    after(() => rm(home, { recursive: true, force: true }));
    it('symlinks inputs from the pilot home into the job directory (default)', async () => {
        const files = inputs(['in0.root', 'in1.root']);
        await mvCopytool.copyIn(files, { workdir });
        for (const f of files) {
            const st = await lstat(join(workdir, f.lfn));
            assert.ok(st.isSymbolicLink());
            assert.equal(await readlink(join(workdir, f.lfn)), join(home, f.lfn));
            assert.equal(f.status, 'transferred');
            assert.equal(f.status_code, 0);
            assert.equal(f.checkinputsize, false);
        }
    });
    it('copies with cp and moves with mv', async () => {
        const [c] = inputs(['in2.root']);
        await mvCopytool.copyIn([c], { workdir, copyType: 'cp' });
        assert.ok((await lstat(join(workdir, 'in2.root'))).isFile());
        assert.equal(await readFile(join(workdir, 'in2.root'), 'utf8'), await readFile(join(home, 'in2.root'), 'utf8'));
        assert.equal(c.filesize, (await lstat(join(home, 'in2.root'))).size);
        const [m] = inputs(['in3.root']);
        await mvCopytool.copyIn([m], { workdir, copyType: 'mv' });
        await assert.rejects(lstat(join(home, 'in3.root')));
        assert.ok((await lstat(join(workdir, 'in3.root'))).isFile());
    });
    it('missing source → MISSINGINPUTFILE, file marked failed', async () => {
        const [f] = inputs(['absent.root']);
        await assert.rejects(mvCopytool.copyIn([f], { workdir }), (e) => e.code === ErrorCodes.MISSINGINPUTFILE);
        assert.equal(f.status, 'failed');
        assert.equal(f.status_code, ErrorCodes.MISSINGINPUTFILE);
    });
    it('rejects bad copy types and LFNs that escape the work directory', async () => {
        await assert.rejects(mvCopytool.copyIn(inputs(['in4.root']), { workdir, copyType: 'bogus' }), (e) => e.code === ErrorCodes.STAGEINFAILED);
        await assert.rejects(mvCopytool.copyOut([{ lfn: 'x', scope: '' }], { workdir, copyType: 'symlink' }), (e) => e.code === ErrorCodes.STAGEOUTFAILED && /incorrect method/.test(e.diag));
        for (const lfn of ['../in4.root', '/etc/passwd', 'a;rm -rf', '$(id)', '..']) {
            await assert.rejects(mvCopytool.copyIn(inputs([lfn]), { workdir }), (e) => e.code === ErrorCodes.STAGEINFAILED, lfn);
        }
        await assert.rejects(mvCopytool.copyIn([{ lfn: 'in4.root', scope: 'a/../b', workdir }], { workdir }), (e) => e.code === ErrorCodes.STAGEINFAILED);
        assert.deepEqual((await readdir(home)).sort().filter((n) => !n.startsWith('in') && n !== 'PanDA_Pilot-1'), []);
    });
    it('refuses direct-access files (bad queue configuration, 1341)', async () => {
        const f = { lfn: 'in4.root', scope: 's', workdir, accessmode: 'direct' };
        await assert.rejects(mvCopytool.copyIn([f], { workdir, allowDirectAccess: true }), (e) => e.code === ErrorCodes.BADQUEUECONFIGURATION);
    });
    it('stage-out moves outputs next to the job directory and writes output.list', async () => {
        await writeFile(join(workdir, 'out.root'), 'result');
        const f = { filetype: 'output', lfn: 'out.root', scope: 's', turl: 'root://se/x/out.root', checksum: { adler32: '0a1b2c3d' } };
        await mvCopytool.copyOut([f], { workdir });
        assert.equal(await readFile(join(home, 'out.root'), 'utf8'), 'result');
        await assert.rejects(lstat(join(workdir, 'out.root')));
        assert.equal(await readFile(join(home, 'output.list'), 'utf8'), 'out.root root://se/x/out.root:checksumtype=adler32:checksumvalue=0a1b2c3d\n');
        assert.equal(f.status, 'transferred');
    });
    it('stage-out to the final destination creates the rucio path from the turl', async () => {
        await writeFile(join(workdir, 'fin.root'), 'final');
        const dest = join(home, 'se', rucioPath('user.me', 'fin.root'));
        const f = { filetype: 'output', lfn: 'fin.root', scope: 'user.me', turl: `file://${dest}` };
        await mvCopytool.copyOut([f], { workdir, mvfinaldest: true, outputDir: join(home, 'se') });
        assert.equal(await readFile(dest, 'utf8'), 'final');
    });
    it('registry: names resolve, unknown name → UNKNOWNCOPYTOOL (1323)', async () => {
        assert.equal((await getCopytool('mv')).name, 'mv');
        assert.equal((await getCopytool('gfalcopy')).name, 'gfal');
        assert.ok(copytoolNames().includes('xrdcp'));
        await assert.rejects(getCopytool('scp'), (e) => e.code === ErrorCodes.UNKNOWNCOPYTOOL);
        await assert.rejects(getCopytool('__proto__'), (e) => e.code === ErrorCodes.UNKNOWNCOPYTOOL);
    });
});
//# sourceMappingURL=mv.test.js.map