// Escaping daemons: four ways a payload can leave its process group and scrub the environment
// marker. In its own cgroup or PID namespace none survives the job; a process outside the job
// (started before, with the same kind of environment) is never touched. The marker alone misses
// the scrubbed ones, which is why it is only the fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnPayload } from '../../src/payload/spawn.js';
import { cgroupPids, type ContainmentMode } from '../../src/payload/containment.js';
import { alive, waitFor } from '../support/wait.js';

/** The four escapes; each ends as `sleep <token>.<n>` so it can be found by its command line. */
function escapingPayload(token: number): string {
  const py = `import os\nif os.fork(): os._exit(0)\nos.setsid()\nif os.fork(): os._exit(0)\nos.execve("/bin/sleep", ["sleep", "${token}.4"], {})`;
  return [
    // 1. setsid + double fork (keeps the environment)
    `( setsid bash -c 'exec sleep ${token}.1' & )`,
    // 2. env -i + setsid + double fork
    `( env -i setsid /bin/bash -c 'exec sleep ${token}.2' & )`,
    // 3. env -i + setsid + nohup, ignoring SIGTERM and SIGHUP (only SIGKILL ends it)
    `( env -i setsid nohup /bin/bash -c 'trap "" TERM HUP; exec sleep ${token}.3' >/dev/null 2>&1 & )`,
    // 4. a python daemon: fork, setsid, fork, exec with an empty environment
    `( env -i python3 -c '${py}' & )`,
    // the payload ends once the test has seen all four (a PID namespace ends its daemons with it)
    'while [ ! -e go ]; do sleep 0.05; done',
    'exit 0',
  ].join('\n');
}

/** Host pids whose command line is `sleep <token>.<n>`, by n. */
function findSleepers(token: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const m = argv[0] === 'sleep' || argv[0] === '/bin/sleep' ? new RegExp(`^${token}\\.(\\d)$`).exec(argv[1] ?? '') : null;
      if (m && alive(Number(name))) out.set(Number(m[1]), Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

async function runEscapes(mode: ContainmentMode): Promise<{ killed: number; escaped: number[] }> {
  const wd = mkdtempSync(path.join(os.tmpdir(), `contain-${mode}-`));
  const token = 90000 + Math.floor(Math.random() * 9000);
  // The unrelated process: same user, scrubbed environment, a similar command line, started first.
  const bystander = spawn('env', ['-i', 'sleep', `${token}.9`], { detached: true, stdio: 'ignore' });
  bystander.unref();
  try {
    const p = spawnPayload({ command: escapingPayload(token), cwd: wd, stdoutPath: path.join(wd, 'out'), stderrPath: path.join(wd, 'err'), containment: mode });
    assert.equal(p.containment, mode, `${mode} is available here`);
    await waitFor(() => findSleepers(token).size === 5, 20_000, 'four daemons and the bystander running');
    const daemons = [...findSleepers(token)].filter(([n]) => n !== 9).map(([, pid]) => pid);
    writeFileSync(path.join(wd, 'go'), '');
    const exit = await p.exited;
    assert.equal(exit.exitCode, 0);
    if (mode === 'cgroup') for (const pid of daemons) assert.ok(cgroupPids(p.cgroupDir!).includes(pid), `daemon ${pid} is in the payload's cgroup`);
    const report = await p.kill(500);
    const left = findSleepers(token);
    assert.ok(left.has(9) && alive(bystander.pid!), 'the unrelated process survives');
    const escaped = [...left].filter(([n]) => n !== 9).map(([, pid]) => pid);
    assert.deepEqual(report.remaining, []);
    if (mode === 'cgroup') assert.equal(existsSync(p.cgroupDir!), false, 'the payload cgroup is removed');
    return { killed: daemons.length - escaped.length, escaped };
  } finally {
    for (const [, pid] of findSleepers(token)) process.kill(pid, 'SIGKILL');
    rmSync(wd, { recursive: true, force: true });
  }
}

test('payload in its own cgroup v2: 4/4 escaping daemons killed, a bystander untouched', async () => {
  const r = await runEscapes('cgroup');
  assert.equal(r.killed, 4);
  assert.deepEqual(r.escaped, []);
});

test('payload in its own PID namespace (bubblewrap): 4/4 escaping daemons killed, a bystander untouched', async () => {
  const r = await runEscapes('pidns');
  assert.equal(r.killed, 4);
  assert.deepEqual(r.escaped, []);
});

test('the marker alone (the fallback) finds only the daemon that kept its environment', async () => {
  const r = await runEscapes('marker');
  assert.equal(r.killed, 1, 'setsid + double fork with the environment kept');
  assert.equal(r.escaped.length, 3, 'the three scrubbed ones escape the marker');
});
