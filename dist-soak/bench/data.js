/**
 * Data benchmarks for `npm run bench`: our copytools against the plain tools on the same
 * servers in the same run (medians over repeats), and mv stage-in scaling with the file count.
 *
 * Env: PANDA_BENCH_DATA_MB (file size, default 1024), PANDA_BENCH_DATA_REPEAT (default 3),
 * PANDA_BENCH_MV_FILES (default "500,5000").
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileChecksums } from '../src/copytool/checksum.js';
import { httpsCopytool } from '../src/copytool/https.js';
import { mvCopytool } from '../src/copytool/mv.js';
import { xrdcpCopytool } from '../src/copytool/xrdcp.js';
import { StageInClient } from '../src/data/stagein.js';
import { startWebdav } from '../test/support/webdav.js';
import { median } from './stats.js';
import { putServerFile, startXrootd } from '../test/support/xrootd.js';
async function timeIt(fn) {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e9;
}
function makeFile(path, mb) {
    const chunk = randomBytes(1 << 20);
    const fd = openSync(path, 'w');
    for (let i = 0; i < mb; i++)
        writeSync(fd, chunk);
    closeSync(fd);
}
function sh(argv, env) {
    const r = spawnSync(argv[0], argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0)
        throw new Error(`${argv[0]} failed: ${r.stderr}`);
}
/** Run the data benchmarks. */
export async function benchData() {
    const mb = Number(process.env.PANDA_BENCH_DATA_MB ?? 1024);
    const repeat = Math.max(1, Number(process.env.PANDA_BENCH_DATA_REPEAT ?? 3));
    const counts = (process.env.PANDA_BENCH_MV_FILES ?? '500,5000').split(',').map(Number).filter((n) => n > 0);
    const rows = [];
    const perFile = [];
    const tmp = mkdtempSync(join(tmpdir(), 'bench-data-'));
    const src = join(tmp, 'src.bin');
    makeFile(src, mb);
    const sum = await fileChecksums(src, { md5: false });
    const size = mb * (1 << 20);
    const label = mb >= 1024 ? `${mb / 1024} GiB` : `${mb} MiB`;
    const xrd = await startXrootd();
    const dav = await startWebdav();
    try {
        // XRootD: our copytool (checksum verified) vs plain xrdcp
        // place the file on the server's disk without reading 1 GiB into memory
        const onServer = putServerFile(xrd, 'bench/src.bin', '');
        copyFileSync(src, onServer);
        const url = `${xrd.url}//bench/src.bin`;
        const ours = [];
        const raw = [];
        for (let i = 0; i < repeat; i++) {
            const d1 = mkdtempSync(join(tmp, 'x-'));
            raw.push(await timeIt(() => sh(['xrdcp', '-np', '-f', url, join(d1, 'raw.bin')], xrd.env)));
            rmSync(d1, { recursive: true });
            const d2 = mkdtempSync(join(tmp, 'x-'));
            const f = { lfn: 'src.bin', scope: 'bench', turl: url, filesize: size, checksum: { adler32: sum.adler32 } };
            ours.push(await timeIt(() => xrdcpCopytool.copyIn([f], { workdir: d2, env: xrd.env }).then(() => undefined)));
            rmSync(d2, { recursive: true });
        }
        rows.push({ name: `stage-in ${label} xrdcp copytool`, value: median(ours), unit: 's', baseline: median(raw), baselineName: 'raw xrdcp', goal: 'speed ratio ≥ 0.95' });
        // WebDAV over TLS: native https vs curl
        copyFileSync(src, join(dav.root, 'src.bin'));
        chmodSync(join(dav.root, 'src.bin'), 0o666);
        const hours = [];
        const hraw = [];
        for (let i = 0; i < repeat; i++) {
            const d1 = mkdtempSync(join(tmp, 'h-'));
            hraw.push(await timeIt(() => sh(['curl', '-sS', '-f', '--cacert', dav.caFile, '-o', join(d1, 'raw.bin'), `${dav.httpsUrl}/src.bin`])));
            rmSync(d1, { recursive: true });
            const d2 = mkdtempSync(join(tmp, 'h-'));
            const f = { lfn: 'src.bin', scope: 'bench', turl: `${dav.url}/src.bin`, filesize: size, checksum: { adler32: sum.adler32 } };
            hours.push(await timeIt(() => httpsCopytool.copyIn([f], { workdir: d2, caFile: dav.caFile }).then(() => undefined)));
            rmSync(d2, { recursive: true });
        }
        rows.push({ name: `stage-in ${label} native https`, value: median(hours), unit: 's', baseline: median(hraw), baselineName: 'curl', goal: 'speed ratio ≥ 0.95' });
    }
    finally {
        await xrd.stop();
        await dav.stop();
    }
    // Local copy: mv copytool in cp mode vs cp
    const home = mkdtempSync(join(tmp, 'home-'));
    rmSync(src);
    makeFile(join(home, 'src.bin'), mb);
    const cours = [];
    const craw = [];
    for (let i = 0; i < repeat; i++) {
        const w1 = join(home, `raw-${i}`);
        mkdirSync(w1);
        craw.push(await timeIt(() => sh(['cp', join(home, 'src.bin'), join(w1, 'src.bin')])));
        rmSync(w1, { recursive: true });
        const w2 = join(home, `ours-${i}`);
        mkdirSync(w2);
        cours.push(await timeIt(() => mvCopytool.copyIn([{ lfn: 'src.bin', scope: 'bench' }], { workdir: w2, copyType: 'cp' }).then(() => undefined)));
        rmSync(w2, { recursive: true });
    }
    rows.push({ name: `stage-in ${label} mv copytool, cp mode`, value: median(cours), unit: 's', baseline: median(craw), baselineName: 'cp' });
    rmSync(join(home, 'src.bin'));
    // mv (symlink) stage-in of many files through the StageInClient
    for (const n of counts) {
        const base = mkdtempSync(join(tmp, `many-${n}-`));
        for (let i = 0; i < n; i++)
            writeFileSync(join(base, `f${i}.root`), 'x');
        const times = [];
        for (let r = 0; r < repeat; r++) {
            const workdir = join(base, `PanDA_Pilot-${r}`);
            mkdirSync(workdir);
            const files = Array.from({ length: n }, (_, i) => ({ lfn: `f${i}.root`, scope: 'bench', workdir }));
            const client = new StageInClient(null, { queuedata: { acopytools: { read_lan: ['mv'] } }, env: { PILOT_USE_RUCIO_TRACES: 'False' } });
            times.push(await timeIt(() => client.transfer(files, { activity: 'read_lan', workdir }).then(() => undefined)));
            rmSync(workdir, { recursive: true });
        }
        rows.push({ name: `mv stage-in of ${n} files`, value: median(times), unit: 's' });
        rows.push({ name: `mv stage-in per file (${n} files)`, value: (median(times) / n) * 1e3, unit: 'ms/file' });
        perFile.push((median(times) / n) * 1e3);
        rmSync(base, { recursive: true });
    }
    // Linear growth means the same cost per file at every size.
    if (perFile.length > 1)
        rows.push({ name: `mv per-file cost, ${counts.at(-1)} vs ${counts[0]} files`, value: perFile.at(-1) / perFile[0], unit: 'x', goal: '≈ 1 (linear)' });
    rmSync(tmp, { recursive: true, force: true });
    return rows;
}
//# sourceMappingURL=data.js.map