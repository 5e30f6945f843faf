import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnPayload, TREE_MARKER_ENV } from '../../src/payload/index.js';
import { readStat } from '../../src/payload/proc.js';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pp-spawn-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  const st = readStat(pid);
  return st !== undefined && st.state !== 'Z';
}

/** Wait for `cond`; `ms` only guards against a hang (generous: the machine may be busy). */
async function waitFor(cond: () => boolean, ms = 30_000): Promise<boolean> {
  const end = Date.now() + Math.max(ms, 30_000);
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

function streams(name: string) {
  const wd = mkdtempSync(join(dir, `${name}-`));
  return { cwd: wd, stdoutPath: join(wd, 'payload.stdout'), stderrPath: join(wd, 'payload.stderr') };
}

test('payload runs in its own session/group, streams go to files, exit code is reported', async () => {
  const s = streams('exit');
  const p = spawnPayload({ ...s, command: 'echo out-$((40+2)); echo err >&2; pwd; echo "$' + TREE_MARKER_ENV + '"; exit 3' });
  assert.equal(p.pgid, p.pid);
  const st = readStat(p.pid);
  // Either already gone, or in its own group/session (not the test runner's).
  if (st) {
    assert.equal(st.pgid, p.pid);
    assert.equal(st.sid, p.pid);
  }
  const ex = await p.exited;
  assert.deepEqual(ex, { exitCode: 3, signal: null });
  const out = readFileSync(s.stdoutPath, 'utf8').split('\n');
  assert.equal(out[0], 'out-42');
  assert.equal(out[1], s.cwd);
  assert.equal(out[2], p.tree.marker);
  assert.equal(readFileSync(s.stderrPath, 'utf8'), 'err\n');
});

test('argv payloads run without a shell; a missing work dir is UNKNOWNEXCEPTION', async () => {
  const s = streams('argv');
  const p = spawnPayload({ ...s, argv: ['/bin/echo', 'a b', '$HOME;x'] });
  await p.exited;
  assert.equal(readFileSync(s.stdoutPath, 'utf8'), 'a b $HOME;x\n');
  assert.throws(
    () => spawnPayload({ ...s, cwd: join(s.cwd, 'nope'), argv: ['/bin/true'] }),
    (e: unknown) => e instanceof PilotError && e.code === ErrorCodes.UNKNOWNEXCEPTION,
  );
});

test('kill takes the whole tree, including a double-forked daemon, and spares outsiders', async () => {
  const s = streams('tree');
  const script = join(s.cwd, 'trf.sh');
  writeFileSync(
    script,
    [
      '#!/bin/bash',
      // Escaped daemon: new session, parent exits (reparented to init), marker kept in env.
      "( setsid bash -c 'echo $$ > daemon.pid; exec sleep 300' & )",
      // A child that left the group and cleared its environment, parent still alive.
      "env -i setsid bash -c 'echo $$ > scrubbed.pid; exec sleep 300' &",
      // A child that ignores SIGTERM.
      "bash -c 'trap \"\" TERM; echo $$ > stubborn.pid; while true; do sleep 0.2; done' &",
      'echo started',
      'wait',
    ].join('\n'),
    { mode: 0o755 },
  );
  const p = spawnPayload({ ...s, command: './trf.sh' });
  const pidOf = (f: string) => (existsSync(join(s.cwd, f)) ? Number(readFileSync(join(s.cwd, f), 'utf8')) : 0);
  assert.ok(await waitFor(() => pidOf('daemon.pid') > 0 && pidOf('scrubbed.pid') > 0 && pidOf('stubborn.pid') > 0, 5000));
  const daemon = pidOf('daemon.pid');
  const scrubbed = pidOf('scrubbed.pid');
  const stubborn = pidOf('stubborn.pid');
  // An outsider started after the payload (so the start-time filter alone cannot exclude it).
  const outsider = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  outsider.unref();
  try {
    assert.ok(await waitFor(() => readStat(daemon)?.ppid !== undefined && readStat(daemon)!.sid === daemon, 3000));
    const members = p.tree.pids();
    assert.ok(members.includes(p.pid), 'root in tree');
    assert.ok(members.includes(daemon), 'escaped daemon found through the marker');
    assert.ok(members.includes(scrubbed), 'scrubbed child found through ancestry');
    assert.ok(members.includes(stubborn));
    assert.ok(!members.includes(outsider.pid!), 'outsider not in tree');
    assert.ok(!members.includes(process.pid));

    const report = await p.kill(800);
    assert.deepEqual(report.remaining, []);
    assert.ok(report.terminated.includes(daemon));
    assert.ok(report.killed.includes(stubborn), 'TERM-ignoring child needed SIGKILL');
    for (const pid of [p.pid, daemon, scrubbed, stubborn]) assert.ok(await waitFor(() => !alive(pid), 2000), `pid ${pid} gone`);
    const ex = await p.exited;
    assert.equal(ex.exitCode, null);
    assert.equal(ex.signal, 'SIGTERM');
    assert.deepEqual(p.tree.pids(), []);
    assert.ok(alive(outsider.pid!), 'process outside the pilot tree survives');
  } finally {
    process.kill(outsider.pid!, 'SIGKILL');
  }
});

test('kill of an already finished payload is a no-op', async () => {
  const s = streams('done');
  const p = spawnPayload({ ...s, command: 'true' });
  await p.exited;
  const report = await p.kill(100);
  assert.deepEqual(report, { terminated: [], killed: [], remaining: [] });
});

test('/proc stat parsing survives odd command names', async () => {
  const { parseStat } = await import('../../src/payload/proc.js');
  const line = '4242 (a) b (c) d) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 1 0 987654 1000 10 rest';
  assert.deepEqual(parseStat(line), { pid: 4242, state: 'S', ppid: 1, pgid: 4242, sid: 4242, starttime: 987654 });
  assert.equal(parseStat('garbage'), undefined);
});
