/**
 * The demo site's jobs: one that reads an input and writes an output (finishes), one whose payload
 * exits non-zero (fails with PAYLOADEXECUTIONFAILURE 1305). Shared by the demo and the tests.
 */
import { Adler32 } from '../copytool/checksum.js';
export const DEMO_INPUT = 'EVNT.demo._000001.pool.root.1';
export const DEMO_INPUT_BODY = 'demo event data\n'.repeat(4096);
/** adler32 of a buffer, as the `ad:` checksum of a job definition. */
export function adler32Hex(data) {
    const a = new Adler32();
    a.update(Buffer.from(data));
    return a.hex();
}
/** Transformation scripts the demo serves. */
export const DEMO_TRFS = {
    // Reads its input, writes an output; prints a setup stamp as release setups do.
    'demo-simulate.sh': [
        '#!/bin/bash',
        'set -e',
        'date +"%H:%M:%S %Y/%m/%d"',
        'echo "simulating $1 -> $2"',
        'test -s "$1"',
        '{ cat "$1"; echo "simulated"; } > "$2"',
        'echo done',
    ].join('\n'),
    // A payload that fails with a clear message.
    'demo-fail.sh': ['#!/bin/bash', 'echo "reconstructing"', 'echo "ERROR : calibration database not reachable" >&2', 'exit 5'].join('\n'),
};
/** The demo job definitions (emulator format) and what each must end as. */
export function demoJobs() {
    return [
        {
            def: {
                transformation: 'demo-simulate.sh',
                jobPars: `${DEMO_INPUT} HITS.demo._000001.pool.root.1`,
                prodSourceLabel: 'ptest',
                inFiles: [{ lfn: DEMO_INPUT, scope: 'demo', size: Buffer.byteLength(DEMO_INPUT_BODY), checksum: `ad:${adler32Hex(DEMO_INPUT_BODY)}`, guid: '3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f' }],
                outFiles: [{ lfn: 'HITS.demo._000001.pool.root.1', scope: 'demo' }],
            },
            expect: { state: 'finished', pilotErrorCode: 0 },
        },
        {
            def: { transformation: 'demo-fail.sh', jobPars: '--calib latest', prodSourceLabel: 'ptest' },
            expect: { state: 'failed', pilotErrorCode: 1305 },
        },
    ];
}
//# sourceMappingURL=jobs.js.map