// HTCondor as Pilot 3 uses it: HTCondor_Job_ID for the payload and the job's ClassAd updated with
// condor_chirp after getJob. HTCondor is not packaged in Debian here, so condor_chirp is a small
// script put where HTCondor installs it (_CONDOR_LIBEXEC, or LIBEXEC in CONDOR_CONFIG) that records
// its arguments: what is tested is how the pilot finds it and what it asks of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeGlobalJobId, findCondorChirp, libexecFromConfig } from '../../src/job/condor.js';
import { createScenario, startPilot } from '../../src/demo/scenario.js';

function condorNode(): { dir: string; ad: string; calls: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'condor-'));
  const calls = path.join(dir, 'calls.txt');
  writeFileSync(path.join(dir, 'condor_chirp'), `#!/bin/sh\nprintf '%s|' "$@" >> '${calls}'\necho >> '${calls}'\n`);
  chmodSync(path.join(dir, 'condor_chirp'), 0o755);
  const ad = path.join(dir, '.job.ad');
  writeFileSync(ad, 'ClusterId = 4711\nGlobalJobId = "schedd03.example.org#4711.12#1764590000"\nOwner = "pilot"\n');
  return { dir, ad, calls };
}

test('condor_chirp lookup: _CONDOR_LIBEXEC first, then LIBEXEC of CONDOR_CONFIG (macros expanded); none found', async () => {
  const n = condorNode();
  assert.equal(await findCondorChirp({ _CONDOR_LIBEXEC: n.dir, PATH: '' }), path.join(n.dir, 'condor_chirp'));
  const cfg = path.join(n.dir, 'condor_config');
  writeFileSync(cfg, `RELEASE_DIR = ${path.dirname(n.dir)}\nLIBEXEC = $(RELEASE_DIR)/${path.basename(n.dir)}  # comment\n`);
  assert.equal(libexecFromConfig(readFileSync(cfg, 'utf8')), n.dir);
  assert.equal(await findCondorChirp({ CONDOR_CONFIG: cfg, PATH: '' }), path.join(n.dir, 'condor_chirp'));
  assert.equal(await findCondorChirp({ PATH: '' }), undefined);
});

test('HTCondor_Job_ID: <host>_<process id>_<PandaID>, the last 31 characters', () => {
  const n = condorNode();
  assert.equal(encodeGlobalJobId('6500000001', { _CONDOR_JOB_AD: n.ad, PANDA_HOSTNAME: 'wn17.example.org' }), 'wn17_12_6500000001');
  const long = encodeGlobalJobId('6500000001', { _CONDOR_JOB_AD: n.ad, PANDA_HOSTNAME: 'a-very-long-worker-node-name.example.org' });
  assert.equal(long, 'a-very-long-worker-node-name_12_6500000001'.slice(-31));
  assert.equal(long.length, 31);
  assert.equal(encodeGlobalJobId('1', {}), '');
});

test('on an HTCondor node the pilot sets PandaID and PandaPilotId in the job ClassAd and HTCondor_Job_ID for the payload', async () => {
  const n = condorNode();
  const scn = await createScenario({ jobs: [{ transformation: 'env.sh', jobPars: '', prodSourceLabel: 'ptest' }], trfs: { 'env.sh': '#!/bin/bash\necho "$HTCondor_Job_ID" > ../condor_id.txt\n' }, config: { heartbeat: 60, update_sleep: 0.3 } });
  try {
    const res = await startPilot(scn, [], { _CONDOR_JOB_AD: n.ad, _CONDOR_LIBEXEC: n.dir, PANDA_HOSTNAME: 'wn17.example.org', GTAG: 'gtag-1' }).done;
    assert.equal(res.code, 0, res.stdout.slice(-2000));
    const [job] = scn.emulator.jobs();
    const calls = readFileSync(n.calls, 'utf8').trim().split('\n');
    assert.deepEqual(calls[0], `set_job_attr|PandaID|"${job.PandaID}"|`);
    assert.match(calls[1], /^set_job_attr\|PandaPilotId\|"gtag-1\|Condor\|[^|]+\|[^|"]+"\|$/);
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.batchID, 'schedd03.example.org#4711.12#1764590000');
    assert.match(String(fin.pilotID), /^gtag-1\|Condor\|/);
    assert.equal(readFileSync(path.join(scn.launchDir, 'condor_id.txt'), 'utf8').trim(), `wn17_12_${job.PandaID}`);
  } finally {
    await scn.close();
  }
});
