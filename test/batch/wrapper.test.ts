// panda-pilot-wrapper: the options of PanDA's pilot wrapper, its work directory, signal
// forwarding, the stuck-pilot supervisor and its exit-code mapping for Harvester.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { createScenario, type Scenario } from '../../src/demo/scenario.js';
import { SLEEPER } from '../support/payloads.js';
import { waitFor } from '../support/wait.js';

const WRAPPER = path.resolve(import.meta.dirname, '../../../bin/panda-pilot-wrapper');

function pilotArgs(scn: Scenario): string[] {
  return scn.pilotArgs().filter((a, i, all) => !['-q', '-j'].includes(a) && !['-q', '-j'].includes(all[i - 1]));
}

function startWrapper(scn: Scenario, extraEnv: NodeJS.ProcessEnv = {}) {
  const child = spawn(WRAPPER, ['-q', scn.queue, '-j', 'ptest', '-i', 'PR', '--pythonversion', '3', ...pilotArgs(scn)], {
    cwd: scn.launchDir,
    env: { ...scn.pilotEnv(), TMPDIR: scn.launchDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, done, output: () => out };
}

test('usage: -h prints the options and exits 0; no -q is exit 1', () => {
  const help = spawnSync(WRAPPER, ['-h'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /-q QUEUE/);
  assert.match(help.stdout, /--piloturl/);
  assert.equal(spawnSync(WRAPPER, ['-j', 'managed'], { encoding: 'utf8' }).status, 1);
});

test('SIGTERM from the batch system reaches the pilot: job failed 1201 with its log, wrapper exit 1, its work dir removed', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 3 },
  });
  try {
    const w = startWrapper(scn);
    const [job] = scn.emulator.jobs();
    await waitFor(() => scn.emulator.job(job.PandaID)?.jobStatus === 'running' || scn.emulator.job(job.PandaID)?.jobStatus === 'starting', 30_000, 'job started');
    const workdirs = readdirSync(scn.launchDir).filter((n) => n.startsWith('atlas_'));
    assert.equal(workdirs.length, 1, 'the wrapper made one atlas_XXXXXXXX work dir');
    await waitFor(() => existsSync(path.join(scn.launchDir, workdirs[0], `PanDA_Pilot-${job.PandaID}`, 'payload.pid')), 30_000, 'payload running');
    w.child.kill('SIGTERM');
    const code = await w.done;
    assert.equal(code, 1, w.output().slice(-3000));
    assert.match(w.output(), /trap caught signal:15, signalling pilot PID/);
    assert.match(w.output(), /pilot exit code: 143/);
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1201);
    assert.ok(Object.keys(JSON.parse(String(fin.xml || '{}'))).some((l) => l.includes('job.log.tgz')), 'log file reported');
    assert.deepEqual(readdirSync(scn.launchDir).filter((n) => n.startsWith('atlas_')), [], 'work dir removed');
  } finally {
    await scn.close();
  }
});

test('a pilot whose pilotlog.txt stops moving is stopped with SIGINT (exit 2, as the wrapper reports a stuck pilot)', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 3 },
  });
  try {
    // The supervisor looks at pilotlog.txt's age every 0.2 s against a 1 h limit, so it cannot fire
    // while the pilot is still starting, however slow the machine. Once the payload runs, the test
    // makes the log look 2 h old (and keeps it so, should the pilot write a line in between) until
    // the supervisor acts.
    const w = startWrapper(scn, { PANDA_WRAPPER_SUPERVISE_S: '3600', PANDA_WRAPPER_CHECK_S: '0.2', PANDA_WRAPPER_KILL_S: '60' });
    const [job] = scn.emulator.jobs();
    let workdir = '';
    await waitFor(() => {
      const made = readdirSync(scn.launchDir).find((n) => n.startsWith('atlas_'));
      if (made) workdir = path.join(scn.launchDir, made);
      return !!made && existsSync(path.join(workdir, `PanDA_Pilot-${job.PandaID}`, 'payload.pid'));
    }, 30_000, 'payload running');
    assert.doesNotMatch(w.output(), /has not been updated/, 'no SIGINT while the log is fresh');
    let ended = false;
    void w.done.then(() => (ended = true));
    const pilotlog = path.join(workdir, 'pilotlog.txt');
    await waitFor(() => {
      if (ended || /has not been updated/.test(w.output())) return true;
      const stale = Date.now() / 1000 - 7200;
      utimesSync(pilotlog, stale, stale);
      return false;
    }, 30_000, 'the supervisor acts on a stale pilotlog.txt', 100);
    const code = await w.done;
    assert.equal(code, 2, w.output().slice(-3000));
    assert.match(w.output(), /pilotlog.txt has not been updated for (\d{4,})s: SIGINT/);
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1208, 'SIGINT');
  } finally {
    await scn.close();
  }
});
