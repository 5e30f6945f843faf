/** The panda-emulator command: server process, admin subcommands over URL and on a state file. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseQs, postJson, sampleJob } from './helpers.js';
const BIN = resolve(import.meta.dirname, '../../../bin/panda-emulator.js');
const run = promisify(execFile);
async function startCli(args) {
    const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: proc.stdout });
    const [url] = (await once(lines, 'line'));
    return { proc, url };
}
async function stop(proc) {
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const [code] = (await exited);
    return code;
}
describe('panda-emulator CLI', () => {
    let dir;
    before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'emu-cli-'));
        await writeFile(join(dir, 'jobs.json'), JSON.stringify({ jobs: [sampleJob({ PandaID: 4001 }), sampleJob({ PandaID: 4002 })] }));
        await writeFile(join(dir, 'queues.json'), JSON.stringify({ TESTQ: { maxwdir: 5000 } }));
    });
    after(() => rm(dir, { recursive: true, force: true }));
    it('serves, prints its URL first, takes kill/debug over the URL and stops on SIGTERM', async () => {
        const state = join(dir, 'state.json');
        const { proc, url } = await startCli(['--port', '0', '--jobs', join(dir, 'jobs.json'), '--queues', join(dir, 'queues.json'), '--state', state]);
        try {
            assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
            const q = (await (await fetch(`${url}/cache/schedconfig/TESTQ.all.json`)).json());
            assert.equal(q.maxwdir, 5000);
            const id = parseQs((await postJson(url, 'getJob', { siteName: 'TESTQ' })).text).PandaID;
            assert.equal(id, '4001');
            const debug = await run(process.execPath, [BIN, 'debug', '4001', '--url', url]);
            assert.match(debug.stdout, /Succeeded/);
            const kill = await run(process.execPath, [BIN, 'kill', '4001', '--url', url]);
            assert.match(kill.stdout, /4001 tobekilled/);
            const ans = parseQs((await postJson(url, 'updateJob', { jobId: '4001', state: 'running' })).text);
            assert.equal(ans.command, 'debug,tobekilled');
            await assert.rejects(run(process.execPath, [BIN, 'kill', '99', '--url', url]), (e) => e.code === 1 && /not found/.test(e.stderr));
        }
        finally {
            assert.equal(await stop(proc), 0);
        }
        // offline: kill the second job in the state file, then a restarted server no longer dispatches it
        const off = await run(process.execPath, [BIN, 'kill', '4002', '--state', state]);
        assert.match(off.stdout, /4002 tobekilled/);
        const saved = JSON.parse(await readFile(state, 'utf8'));
        assert.equal(saved.jobs.find((j) => j.PandaID === 4002)?.jobStatus, 'cancelled');
        const again = await startCli(['--jobs', join(dir, 'jobs.json'), '--queues', join(dir, 'queues.json'), '--state', state]);
        try {
            assert.equal(parseQs((await postJson(again.url, 'getJob', { siteName: 'TESTQ' })).text).StatusCode, '20');
        }
        finally {
            await stop(again.proc);
        }
    });
    it('reports bad usage and bad files with exit code 2', async () => {
        await assert.rejects(run(process.execPath, [BIN, 'kill', 'abc', '--url', 'http://x']), (e) => e.code === 2);
        await assert.rejects(run(process.execPath, [BIN, '--jobs', join(dir, 'missing.json')]), (e) => e.code === 2 && /cannot read jobs file/.test(e.stderr));
    });
});
//# sourceMappingURL=cli.test.js.map