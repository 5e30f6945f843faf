/**
 * The standard compatibility scenarios: the same site, jobs and interventions for both pilots, so
 * their requests can be compared state by state. Payloads are deterministic (their outputs and
 * checksums do not depend on the time or the machine).
 */
import { adler32Hex, DEMO_INPUT, DEMO_INPUT_BODY } from '../../src/demo/jobs.js';

/** Something done to the running pilot once its job has reported `running` with the payload up. */
export type Intervention = 'sigterm' | 'debug' | 'tobekilled';

/** One scenario. */
export interface CompatScenario {
  name: string;
  what: string;
  jobs: Array<Record<string, unknown>>;
  trfs: Record<string, string>;
  inputs?: Record<string, string>;
  queueOverrides?: Record<string, unknown>;
  intervention?: Intervention;
  /**
   * `atlas`: both pilots run with `--pilot-user atlas` and the CVMFS check on, on a simulated
   * CVMFS tree (test/support/cvmfs.ts, found through ATLAS_SW_BASE) whose setup scripts and
   * transforms record their calls and the payload's environment.
   */
  user?: 'atlas';
  /** End state of each job (in dispatch order) Pilot 3 reaches against PanDA. */
  expect: Array<{ jobStatus: string; pilotErrorCode: number }>;
  /** Config keys of this scenario on top of {@link COMPAT_CONFIG} (the same file for both pilots). */
  config?: Record<string, number>;
  /**
   * The heartbeat (a running update's fields) after which the payload may end (its release file
   * is created); default: the first one with measured core counts or memory figures.
   */
  releaseWhen?: (update: Record<string, unknown>) => boolean;
}

/** A payload printing a line a second for $1 seconds (deterministic output). */
const TICKER = '#!/bin/bash\nfor i in $(seq 1 "$1"); do echo "tick $i"; sleep 1; done\necho "ticker done"\n';
// The short payloads end only once the harness has seen a heartbeat of their job with measured
// core counts (it then creates the file named by their last argument, RELEASE; they give up after
// 7 minutes, the harness's own limit on a run): however slow the machine, no scenario depends on timing.
const WAIT = 'r="${@: -1}"; for i in $(seq 1 4200); do [ -e "$r" ] && break; sleep 0.1; done';
/** The placeholder of the release file in jobPars (captureRun replaces it per job). */
export const RELEASE = '@RELEASE@';
/** A payload that prints a line and ends. */
const HELLO = `#!/bin/bash\necho "hello from the payload"\n${WAIT}\n`;
/** Reads its input, writes its output. */
const COPY = `#!/bin/bash\nset -e\necho "simulating $1 -> $2"\ntest -s "$1"\n${WAIT}\n{ cat "$1"; echo "simulated"; } > "$2"\necho done\n`;
/** Fails with a message on stderr. */
const FAIL = `#!/bin/bash\necho "reconstructing"\necho "ERROR : calibration database not reachable" >&2\n${WAIT}\nexit 5\n`;
const OUTPUT = 'HITS.compat._000001.pool.root.1';

/** Config keys both pilots run with: short heartbeats, quick retries. */
export const COMPAT_CONFIG: Record<string, number> = {
  heartbeat: 5,
  debug_heartbeat: 2,
  update_sleep: 0.3,
  getjob_nojob_sleep_min: 0.1,
  getjob_nojob_sleep_max: 0.2,
};

export const SCENARIOS: CompatScenario[] = [
  {
    name: 'nofiles',
    what: 'a job without input or output files (log only)',
    jobs: [{ transformation: 'hello.sh', jobPars: RELEASE, prodSourceLabel: 'ptest' }],
    trfs: { 'hello.sh': HELLO },
    expect: [{ jobStatus: 'finished', pilotErrorCode: 0 }],
  },
  {
    name: 'files',
    what: 'one input staged in, one output staged out',
    jobs: [
      {
        transformation: 'copy.sh',
        jobPars: `${DEMO_INPUT} ${OUTPUT} ${RELEASE}`,
        prodSourceLabel: 'ptest',
        inFiles: [{ lfn: DEMO_INPUT, scope: 'demo', size: Buffer.byteLength(DEMO_INPUT_BODY), checksum: `ad:${adler32Hex(DEMO_INPUT_BODY)}`, guid: '3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f' }],
        outFiles: [{ lfn: OUTPUT, scope: 'demo' }],
      },
    ],
    trfs: { 'copy.sh': COPY },
    inputs: { [DEMO_INPUT]: DEMO_INPUT_BODY },
    expect: [{ jobStatus: 'finished', pilotErrorCode: 0 }],
  },
  {
    name: 'failing',
    what: 'the payload exits 5',
    jobs: [{ transformation: 'fail.sh', jobPars: `--calib latest ${RELEASE}`, prodSourceLabel: 'ptest' }],
    trfs: { 'fail.sh': FAIL },
    expect: [{ jobStatus: 'failed', pilotErrorCode: 1305 }],
  },
  {
    name: 'nooutput',
    what: 'the payload succeeds but does not write its declared output',
    jobs: [{ transformation: 'hello.sh', jobPars: RELEASE, prodSourceLabel: 'ptest', outFiles: [{ lfn: 'AOD.compat._000001.pool.root.1', scope: 'demo' }] }],
    trfs: { 'hello.sh': HELLO },
    expect: [{ jobStatus: 'failed', pilotErrorCode: 1165 }],
  },
  {
    name: 'twojobs',
    what: 'two jobs in one pilot (timefloor)',
    jobs: [
      { transformation: 'hello.sh', jobPars: RELEASE, prodSourceLabel: 'ptest' },
      { transformation: 'hello.sh', jobPars: RELEASE, prodSourceLabel: 'ptest' },
    ],
    trfs: { 'hello.sh': HELLO },
    queueOverrides: { timefloor: 2 },
    expect: [
      { jobStatus: 'finished', pilotErrorCode: 0 },
      { jobStatus: 'finished', pilotErrorCode: 0 },
    ],
  },
  {
    name: 'sigterm',
    what: 'SIGTERM to the pilot while the payload runs',
    jobs: [{ transformation: 'ticker.sh', jobPars: '120', prodSourceLabel: 'ptest' }],
    trfs: { 'ticker.sh': TICKER },
    intervention: 'sigterm',
    expect: [{ jobStatus: 'failed', pilotErrorCode: 1201 }],
  },
  {
    name: 'debug',
    what: 'the server switches debug mode on while the payload runs',
    jobs: [{ transformation: 'ticker.sh', jobPars: '14', prodSourceLabel: 'ptest' }],
    trfs: { 'ticker.sh': TICKER },
    intervention: 'debug',
    expect: [{ jobStatus: 'finished', pilotErrorCode: 0 }],
  },
  {
    name: 'tobekilled',
    what: 'the server answers a heartbeat with tobekilled',
    jobs: [{ transformation: 'ticker.sh', jobPars: '120', prodSourceLabel: 'ptest' }],
    trfs: { 'ticker.sh': TICKER },
    intervention: 'tobekilled',
    expect: [{ jobStatus: 'failed', pilotErrorCode: 1144 }],
  },
];

// ATLAS: the three jobs of test/user/atlas-jobs.test.ts. The simulated transforms end once the
// harness has released them (ALRB_SIM_RELEASE), like the short payloads above.
const ATLAS_QUEUE = { is_cvmfs: true, environ: 'SITE_FLAVOUR=sim' };
/** The analysis transform the emulator serves: records its call and environment, writes the output named by -o. */
const RUNGEN = [
  '#!/bin/bash',
  'printf "%s\\n" "trf runGen project=${AtlasProject:-} version=${AtlasVersion:-} inds=${INDS:-} ncpus=${ROOTCORE_NCPUS:-} makeflags=${MAKEFLAGS:-} args=$*" >> "$ALRB_SIM_RECORD"',
  'env -0 > "$ALRB_SIM_RECORD.env"',
  'for i in $(seq 1 4200); do [ -e "${ALRB_SIM_RELEASE:-/}" ] && break; sleep 0.1; done',
  'while [ $# -gt 0 ]; do [ "$1" = -o ] && echo histograms > "$2"; shift; done',
  ': > "$ALRB_SIM_RECORD.end"',
  '',
].join('\n');

// An ATLAS production job whose transform spends a fixed amount of CPU time and ends once a
// heartbeat carried what Pilot 3's ATLAS heartbeats carry while the payload runs: the memory
// monitor's figures, actualCoreCount from its CPU times and cpuConsumptionTime (the final update
// adds readbyterate: the input has a known size). Pilot 3 starts prmon with --interval 60, so its recording takes a
// minute; our memory monitor's period (memory_monitor_interval, a key Pilot 3 does not read) is
// shortened, still long enough that neither pilot has the eight samples a leak fit needs.
const HEARTBEAT_INPUT = 'events\n';
const ATLAS_HEARTBEAT: CompatScenario = {
  name: 'atlas-heartbeat',
  what: 'ATLAS production job running until a heartbeat carries the memory monitor\'s figures, actualCoreCount and cpuConsumptionTime',
  user: 'atlas',
  jobs: [{
    transformation: 'Reco_tf.py', prodSourceLabel: 'ptest',
    jobPars: '--inputEVNTFile=EVNT.pool.root.1 --outputAODFile=AOD.pool.root.1 --maxEvents=10 --simBurnCpu',
    swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-el9-gcc13-opt', coreCount: 1, taskID: 4244,
    inFiles: [{ lfn: 'EVNT.pool.root.1', scope: 'mc23', size: Buffer.byteLength(HEARTBEAT_INPUT), checksum: `ad:${adler32Hex(HEARTBEAT_INPUT)}`, guid: '8e7c5f4a-3d6b-4a0c-9f2e-4b5c6d7e8f90' }],
    outFiles: [{ lfn: 'AOD.pool.root.1', scope: 'mc23' }],
    fields: { transformation: 'Reco_tf.py', realDatasetsIn: 'mc23.EVNT.ds' },
  }],
  trfs: {},
  inputs: { 'EVNT.pool.root.1': HEARTBEAT_INPUT },
  queueOverrides: ATLAS_QUEUE,
  // both pilots measure the work dir then (its size goes in the final jobMetrics)
  config: { memory_monitor_interval: 15, disk_space_verification_time: 5 },
  releaseWhen: (u) => u.cpuConsumptionTime !== undefined && /(^| )actualCoreCount=/.test(String(u.jobMetrics ?? '')),
  expect: [{ jobStatus: 'finished', pilotErrorCode: 0 }],
};

export const ATLAS_SCENARIOS: CompatScenario[] = [
  {
    name: 'atlas-production',
    what: 'ATLAS production job: bare Reco_tf.py from the asetup release on CVMFS, one input, one output',
    user: 'atlas',
    jobs: [{
      transformation: 'Reco_tf.py', prodSourceLabel: 'ptest',
      jobPars: '--inputEVNTFile=EVNT.pool.root.1 --outputAODFile=AOD.pool.root.1 --maxEvents=10',
      swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-el9-gcc13-opt', coreCount: 8, taskID: 4242,
      inFiles: [{ lfn: 'EVNT.pool.root.1', scope: 'mc23', guid: '6c5a3d2e-1b4f-4e8a-9d7c-2f3e4a5b6c7d' }],
      outFiles: [{ lfn: 'AOD.pool.root.1', scope: 'mc23' }],
      // sent as is (the emulator would turn a bare name in `transformation` into a download URL)
      fields: { transformation: 'Reco_tf.py', realDatasetsIn: 'mc23.EVNT.ds' },
    }],
    trfs: {},
    inputs: { 'EVNT.pool.root.1': 'events\n' },
    queueOverrides: ATLAS_QUEUE,
    expect: [{ jobStatus: 'finished', pilotErrorCode: 0 }],
  },
  {
    name: 'atlas-analysis',
    what: 'ATLAS analysis job: runGen downloaded, run after asetup of the AnalysisBase release',
    user: 'atlas',
    jobs: [{
      transformation: 'runGen-00-00-02', prodSourceLabel: 'ptest',
      jobPars: '-j "" -p "run.sh" -o user.me.hist.root',
      swRelease: 'Atlas-22.2.110', homepackage: 'AnalysisTransforms-AnalysisBase_22.2.110', cmtConfig: 'x86_64-el9-gcc13-opt',
      inFiles: [{ lfn: 'DAOD.pool.root.1', scope: 'data23', dataset: 'data23.DAOD.ds', guid: '7d6b4e3f-2c5a-4f9b-8e1d-3a4b5c6d7e8f' }],
      outFiles: [{ lfn: 'user.me.hist.root', scope: 'user.me' }],
    }],
    trfs: { 'runGen-00-00-02': RUNGEN },
    inputs: { 'DAOD.pool.root.1': 'events\n' },
    queueOverrides: ATLAS_QUEUE,
    expect: [{ jobStatus: 'finished', pilotErrorCode: 0 }],
  },
  {
    name: 'atlas-container',
    what: 'ATLAS job with a platform and no image: ALRB runs it in the platform container (setupATLAS -c)',
    user: 'atlas',
    jobs: [{
      prodSourceLabel: 'ptest',
      jobPars: '--outputHITSFile=HITS.pool.root.1 --maxEvents=10',
      swRelease: 'Atlas-21.0.77', homepackage: 'AtlasOffline/21.0.77', cmtConfig: 'x86_64-centos7-gcc8-opt', taskID: 4243,
      outFiles: [{ lfn: 'HITS.pool.root.1', scope: 'mc16' }],
      fields: { transformation: 'Sim_tf.py' },
    }],
    trfs: {},
    queueOverrides: { ...ATLAS_QUEUE, container_type: 'singularity:pilot' },
    expect: [{ jobStatus: 'finished', pilotErrorCode: 0 }],
  },
  ATLAS_HEARTBEAT,
];

/** Every scenario `npm run compat` knows (the standard ones, then the ATLAS ones). */
export const ALL_SCENARIOS: CompatScenario[] = [...SCENARIOS, ...ATLAS_SCENARIOS];

/** A scenario by name (throws on an unknown name). */
export function scenario(name: string): CompatScenario {
  const s = ALL_SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario ${name} (known: ${ALL_SCENARIOS.map((x) => x.name).join(', ')})`);
  return s;
}
