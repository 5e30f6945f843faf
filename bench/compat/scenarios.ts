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
  /** End state of each job (in dispatch order) Pilot 3 reaches against PanDA. */
  expect: Array<{ jobStatus: string; pilotErrorCode: number }>;
}

/** A payload printing a line a second for $1 seconds (deterministic output). */
const TICKER = '#!/bin/bash\nfor i in $(seq 1 "$1"); do echo "tick $i"; sleep 1; done\necho "ticker done"\n';
// The short payloads end only once the harness has seen a heartbeat of their job with measured
// core counts (it then creates the file named by their last argument, RELEASE; they give up after
// 2 minutes): however slow the machine, no scenario depends on timing.
const WAIT = 'r="${@: -1}"; for i in $(seq 1 1200); do [ -e "$r" ] && break; sleep 0.1; done';
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

/** A scenario by name (throws on an unknown name). */
export function scenario(name: string): CompatScenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario ${name} (known: ${SCENARIOS.map((x) => x.name).join(', ')})`);
  return s;
}
