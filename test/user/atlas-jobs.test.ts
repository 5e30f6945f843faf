// ATLAS jobs through the real pilot (--pilot-user atlas) against the emulator, on a simulated
// CVMFS whose ALRB/asetup scripts and transforms record how they were called: a production job
// with a bare transform name (run from the release setup, nothing downloaded), an analysis job
// whose runGen is downloaded, and a job with a platform that ALRB runs in the platform's container.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot, type Scenario } from '../../src/demo/scenario.js';
import { buildSimCvmfs, hostBinds } from '../support/cvmfs.js';

let root: string;
before(() => {
  root = buildSimCvmfs(mkdtempSync(path.join(tmpdir(), 'sim-cvmfs-')));
});
after(() => rmSync(root, { recursive: true, force: true }));

const QUEUE = { is_cvmfs: true, environ: 'SITE_FLAVOUR=sim' };

/** Run the pilot as ATLAS on the simulated CVMFS (CVMFS check on); returns the run and the recorded calls. */
async function runAtlas(scn: Scenario, env: NodeJS.ProcessEnv = {}) {
  const record = path.join(scn.dir, 'alrb-calls.log');
  const args = scn.pilotArgs().filter((a) => a !== '-b');
  args[args.indexOf('--pilot-user') + 1] = 'atlas';
  const res = await startPilot({ ...scn, pilotArgs: () => args }, [], { ATLAS_SW_BASE: root, NO_CVMFS_OK: '', ALRB_SIM_RECORD: record, ...env }).done;
  const calls = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
  // the pilot's start-up probe of the CPU level (lsetup cpu_flags; cpu_arch.py), before the job's calls
  const probe = calls[1] === 'lsetup cpu_flags' ? calls.splice(0, 2) : [];
  return { res, calls, probe };
}

test('production job: bare Reco_tf.py runs from the asetup release, nothing is downloaded', async () => {
  const scn = await createScenario({
    queueOverrides: QUEUE,
    jobs: [{
      transformation: 'Reco_tf.py', prodSourceLabel: 'ptest',
      jobPars: '--inputEVNTFile=EVNT.pool.root.1 --outputAODFile=AOD.pool.root.1 --maxEvents=10',
      swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-el9-gcc13-opt', coreCount: 8, taskID: 4242,
      inFiles: [{ lfn: 'EVNT.pool.root.1', scope: 'mc23' }], outFiles: [{ lfn: 'AOD.pool.root.1', scope: 'mc23' }],
      // `fields`: sent as is (the emulator would turn a bare name in `transformation` into a download URL)
      fields: { transformation: 'Reco_tf.py', realDatasetsIn: 'mc23.EVNT.ds' },
    }],
    inputs: { 'EVNT.pool.root.1': 'events\n' },
  });
  try {
    const { res, calls, probe } = await runAtlas(scn);
    const [job] = scn.emulator.jobs();
    assert.equal(res.code, 0, res.stdout.slice(-3000));
    assert.deepEqual(probe, ['atlasLocalSetup.sh --quiet', 'lsetup cpu_flags'], 'the CPU level asked of cpu_arch.py at start-up');
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    assert.deepEqual(calls.slice(0, 2), [
      'atlasLocalSetup.sh --quiet',
      "asetup.sh Athena,23.0.5,notest --platform x86_64-el9-gcc13-opt --makeflags=$MAKEFLAGS",
    ]);
    const trf = calls.find((c) => c.startsWith('trf Reco_tf.py'))!;
    assert.match(trf, /project=Athena version=23\.0\.5 cmtconfig=x86_64-el9-gcc13-opt cores=8\/8 pandaid=\d+ frontier=\[4242_\d+\]/);
    assert.match(trf, /args=--inputEVNTFile=EVNT.pool.root.1 --outputAODFile=AOD.pool.root.1 --maxEvents=10$/);
    assert.equal(scn.emulator.requests.filter((r) => r.method === 'trf').length, 0, 'no transform download');
    assert.equal(scn.emulator.requests.filter((r) => r.method === 'getResourceTypes').length, 1, 'memory limits from the server');
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'finished');
    assert.ok(JSON.parse(String(fin.xml))['AOD.pool.root.1'], 'output staged out');
    // The job report's figures (Pilot 3's ATLAS jobMetrics keys) and its events.
    assert.match(String(fin.jobMetrics), /nEvents=10 dbTime=0.75 dbData=1234 resimevents=0/);
    assert.equal(Number(fin.nEvents), 10);
  } finally {
    await scn.close();
  }
});

// The analysis transform the emulator serves: records its call, writes the output named by -o.
const RUNGEN = [
  '#!/bin/bash',
  'printf "%s\\n" "trf runGen project=${AtlasProject:-} version=${AtlasVersion:-} inds=${INDS:-} ncpus=${ROOTCORE_NCPUS:-} makeflags=${MAKEFLAGS:-} args=$*" >> "$ALRB_SIM_RECORD"',
  'while [ $# -gt 0 ]; do [ "$1" = -o ] && echo histograms > "$2"; shift; done',
].join('\n');

test('analysis job: runGen is downloaded (Pilot 3 base-URL order) and run after asetup of the AnalysisBase release', async () => {
  const scn = await createScenario({
    queueOverrides: QUEUE,
    jobs: [{
      transformation: 'runGen-00-00-02', prodSourceLabel: 'ptest',
      jobPars: '-j "" -p "run.sh" -o user.me.hist.root',
      swRelease: 'Atlas-22.2.110', homepackage: 'AnalysisTransforms-AnalysisBase_22.2.110', cmtConfig: 'x86_64-el9-gcc13-opt',
      inFiles: [{ lfn: 'DBRelease-300.0.1.tar.gz', scope: 'ddo', dataset: 'ddo.DBRelease.v300' }, { lfn: 'DAOD.pool.root.1', scope: 'data23', dataset: 'data23.DAOD.ds' }],
      outFiles: [{ lfn: 'user.me.hist.root', scope: 'user.me' }],
    }],
    trfs: { 'runGen-00-00-02': RUNGEN },
    inputs: { 'DBRelease-300.0.1.tar.gz': 'db\n', 'DAOD.pool.root.1': 'events\n' },
  });
  try {
    const { res, calls } = await runAtlas(scn);
    const [job] = scn.emulator.jobs();
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    assert.equal(scn.emulator.requests.filter((r) => r.method === 'trf').length, 1, 'one download');
    assert.deepEqual(calls, [
      // Pilot 3's setup verification, then the payload
      'atlasLocalSetup.sh --quiet',
      "asetup.sh AnalysisBase,22.2.110,notest --platform x86_64-el9-gcc13-opt --makeflags=$MAKEFLAGS",
      'atlasLocalSetup.sh --quiet',
      "asetup.sh AnalysisBase,22.2.110,notest --platform x86_64-el9-gcc13-opt --makeflags=$MAKEFLAGS",
      'trf runGen project=AnalysisBase version=22.2.110 inds=data23.DAOD.ds ncpus=1 makeflags=-j1 QUICK=1 -l1 args=-j  -p run.sh -o user.me.hist.root',
    ]);
  } finally {
    await scn.close();
  }
});

test('container job: a platform and no image runs in the platform container through setupATLAS -c', async () => {
  const scn = await createScenario({
    queueOverrides: { ...QUEUE, container_type: 'singularity:pilot' },
    jobs: [{
      prodSourceLabel: 'ptest',
      jobPars: '--outputHITSFile=HITS.pool.root.1 --maxEvents=10',
      swRelease: 'Atlas-21.0.77', homepackage: 'AtlasOffline/21.0.77', cmtConfig: 'x86_64-centos7-gcc8-opt',
      outFiles: [{ lfn: 'HITS.pool.root.1', scope: 'mc16' }],
      fields: { transformation: 'Sim_tf.py' },
    }],
  });
  try {
    const { res, calls } = await runAtlas(scn);
    const [job] = scn.emulator.jobs();
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}\n${calls.join('\n')}`);
    const image = path.join(root, 'atlas.cern.ch/repo/containers/fs/singularity/x86_64-centos7');
    // Pilot 3's setup verification in the container, then the payload in it
    assert.deepEqual(calls.slice(4, 8), calls.slice(0, 4));
    assert.deepEqual(calls.slice(0, 4), [
      'atlasLocalSetup.sh -c x86_64-centos7-gcc8-opt -s /srv/my_release_setup.sh -r /srv/container_script.sh -e -c -i',
      `container image=${image} setup=/srv/my_release_setup.sh run=/srv/container_script.sh opts=-c -i`,
      'atlasLocalSetup.sh --quiet',
      "asetup.sh AtlasOffline,21.0.77,notest --platform x86_64-centos7-gcc8-opt --makeflags=$MAKEFLAGS",
    ]);
    assert.match(calls[8]!, new RegExp(`^trf Sim_tf.py project=AtlasOffline version=21.0.77 .* container=${image} image= pwd=/srv args=--outputHITSFile`));
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    // The release setup's date stamp ends the setup phase (Pilot 3's get_end_setup_time).
    assert.ok(String(fin.pilotTiming).split('|').length >= 5, String(fin.pilotTiming));
  } finally {
    await scn.close();
  }
});

test('pre/co/post-processing steps run around the payload after its setup; DBRelease comes from CVMFS; a failing preprocess is 1356', async () => {
  const base = {
    prodSourceLabel: 'ptest', swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-el9-gcc13-opt',
    jobPars: '--DBRelease=DBRelease-300.0.1.tar.gz --outputAODFile=AOD.pool.root.1',
    inFiles: [{ lfn: 'DBRelease-300.0.1.tar.gz', scope: 'ddo' }], outFiles: [{ lfn: 'AOD.pool.root.1', scope: 'mc23' }],
  };
  const rec = (what: string) => `-c "echo ${what} >> $ALRB_SIM_RECORD"`;
  const scn = await createScenario({
    queueOverrides: QUEUE,
    jobs: [
      { ...base, fields: { transformation: 'Reco_tf.py', preprocess: { command: 'bash', args: rec('pre $AtlasVersion') }, coprocess: { command: 'bash', args: '-c "echo co >> $ALRB_SIM_RECORD; touch $ALRB_SIM_RECORD.co"; sleep 60' }, postprocess: { command: 'bash', args: `-c "tar tzf DBRelease-300.0.1.tar.gz | sort | tr '\\\\n' ' ' >> $ALRB_SIM_RECORD"` } } },
      { ...base, fields: { transformation: 'Reco_tf.py', preprocess: { command: 'false' } } },
    ],
  });
  try {
    // the transform waits for the coprocess's mark (ALRB_SIM_RELEASE), so the coprocess has run whatever the load
    const { res, calls } = await runAtlas(scn, { ALRB_SIM_RELEASE: path.join(scn.dir, 'alrb-calls.log.co') });
    await runAtlas(scn); // one job per pilot (timefloor 0)
    const [ok, bad] = scn.emulator.jobs().sort((a, b) => a.PandaID - b.PandaID);
    assert.equal(ok!.jobStatus, 'finished', `${ok!.reported.pilotErrorCode} ${ok!.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    assert.ok(calls.includes('pre 23.0.5'), calls.join('\n'));
    assert.ok(calls.includes('co'), calls.join('\n'));
    assert.ok(calls.indexOf('pre 23.0.5') < calls.findIndex((c) => c.startsWith('trf Reco_tf.py')));
    assert.ok(calls.some((c) => c.trim() === 'DBRelease/300.0.1/setup.py DBRelease/current'), calls.join('\n'));
    assert.equal(bad!.jobStatus, 'failed');
    assert.equal(Number(scn.emulator.updates(bad!.PandaID).at(-1)!.params.pilotErrorCode), 1356);
  } finally {
    await scn.close();
  }
});

test('container job without ALRB ([Container] setup_type singularity): the pilot runs the platform grid image (centos7 as fallback)', async () => {
  const recDir = mkdtempSync(path.join(tmpdir(), 'alrb-rec-'));
  const job = {
    prodSourceLabel: 'ptest', jobPars: '--outputHITSFile=HITS.pool.root.1',
    swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', outFiles: [{ lfn: 'HITS.pool.root.1', scope: 'mc23' }],
  };
  const scn = await createScenario({
    queueOverrides: { ...QUEUE, container_type: 'singularity:pilot', container_options: `-B ${[...hostBinds(), recDir].join(',')}` },
    configSections: { Container: { setup_type: 'singularity' } },
    jobs: [
      { ...job, cmtConfig: 'x86_64-el9-gcc13-opt', fields: { transformation: 'Sim_tf.py' } },
      { ...job, cmtConfig: 'aarch64-el9-gcc13-opt', fields: { transformation: 'Sim_tf.py' } },
    ],
  });
  try {
    const record = path.join(recDir, 'calls.log');
    const { res } = await runAtlas(scn, { ALRB_SIM_RECORD: record });
    await runAtlas(scn, { ALRB_SIM_RECORD: record });
    const [inImage, noImage] = scn.emulator.jobs().sort((a, b) => a.PandaID - b.PandaID);
    assert.equal(inImage!.jobStatus, 'finished', `${inImage!.reported.pilotErrorCode} ${inImage!.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    const trf = readFileSync(record, 'utf8').split('\n').find((c) => c.startsWith('trf Sim_tf.py'))!;
    assert.match(trf, / image=x86_64-el9 /, 'ran in the el9 grid image');
    // x86_64-centos7 is Pilot 3's fallback image: an aarch64 platform finds it, a tree without it finds nothing.
    assert.equal(noImage!.jobStatus, 'finished', 'centos7 fallback image used');
  } finally {
    await scn.close();
    rmSync(recDir, { recursive: true, force: true });
  }
});

test('setup verification: a container ALRB cannot start fails the job before its transform runs (1305)', async () => {
  const scn = await createScenario({
    queueOverrides: { ...QUEUE, container_type: 'singularity:pilot' },
    jobs: [{
      prodSourceLabel: 'ptest', jobPars: '--outputAODFile=AOD.pool.root.1',
      // no slc6 image on the site: ALRB's container set-up fails (exit 64), as in the verification run
      swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-slc6-gcc49-opt',
      outFiles: [{ lfn: 'AOD.pool.root.1', scope: 'mc23' }],
      fields: { transformation: 'Reco_tf.py' },
    }],
  });
  try {
    const { calls } = await runAtlas(scn);
    const [job] = scn.emulator.jobs();
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(job.jobStatus, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1305, String(fin.pilotErrorDiag));
    // as Pilot 3: its own text unless the set-up wrote to both stdout and stderr (ALRB's error is in setup.stderr)
    assert.match(String(fin.pilotErrorDiag), /General payload setup verification error/);
    // one ALRB call: the verification's; the payload never started
    assert.equal(calls.filter((c) => c.startsWith('atlasLocalSetup.sh -c')).length, 1, calls.join('\n'));
    assert.equal(calls.filter((c) => c.startsWith('trf ')).length, 0, calls.join('\n'));
  } finally {
    await scn.close();
  }
});
