// The panda-emulator command: add, jobs --table, the console request log, the rucio command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/panda-emulator.js', import.meta.url));

/** Start a long-running command; resolves with its first stdout line and a way to wait for stderr text. */
async function start(args: string[]): Promise<{ child: ChildProcess; url: string; stderrMatch(re: RegExp): Promise<string> }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const waiters: Array<() => void> = [];
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  const stderrMatch = async (re: RegExp): Promise<string> => {
    for (;;) {
      const m = re.exec(err);
      if (m) return m[0];
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { child, url, stderrMatch };
}

test('add, jobs --table and the console request log (with the no-job hint)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'emu-cli-'));
  const emu = await start(['--port', '0']);
  try {
    writeFileSync(path.join(dir, 'jobs.json'), JSON.stringify([{ queue: 'DEMO', transformation: 'a.sh' }, { queue: 'DEMO', transformation: 'b.sh' }]));
    const add = spawnSync(process.execPath, [bin, 'add', path.join(dir, 'jobs.json'), '--url', emu.url], { encoding: 'utf8' });
    assert.equal(add.status, 0, add.stderr);
    assert.deepEqual(add.stdout.trim().split('\n').map(Number).length, 2);
    const table = spawnSync(process.execPath, [bin, 'jobs', '--table', '--url', emu.url], { encoding: 'utf8' });
    assert.equal(table.status, 0, table.stderr);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0], /^PandaID +queue +label +state +attempt +pilotErrorCode +transExitCode +updates +pilotErrorDiag$/);
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^\d{10} +DEMO +managed +activated +1 /);
    // a pilot asking with the wrong label: the request log says why nothing was sent
    const res = await fetch(`${emu.url}/server/panda/getJob`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'siteName=DEMO&prodSourceLabel=ptest&node=wn' });
    assert.equal(res.status, 200);
    const line = await emu.stderrMatch(/^\d\d:\d\d:\d\d POST \/server\/panda\/getJob 200 .*$/m);
    assert.match(line, /siteName=DEMO prodSourceLabel=ptest \(no job sent: 2 activated at DEMO with label managed; the pilot asked for ptest: try -j managed\)$/);
  } finally {
    emu.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('panda-emulator rucio: serves replicas and prints the traces it receives', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'emu-rucio-'));
  writeFileSync(path.join(dir, 'files.json'), JSON.stringify([{ scope: 's', name: 'f.root', bytes: 3, adler32: '00000001', replicas: [{ rse: 'R', pfn: 'root://h//f.root' }] }]));
  const rucio = await start(['rucio', '--files', path.join(dir, 'files.json')]);
  try {
    const rep = (await (await fetch(`${rucio.url}/replicas/s/f.root`)).text()).trim();
    assert.match(rep, /root:\/\/h\/\/f\.root/);
    const t = await fetch(`${rucio.url}/traces/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ eventType: 'get_sm', filename: 'f.root' }) });
    assert.ok(t.ok);
    assert.match(await rucio.stderrMatch(/^trace .*$/m), /"filename":"f\.root"/);
  } finally {
    rucio.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
