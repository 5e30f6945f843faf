/**
 * A ready-made loopback setup for demos (`npm start`): one demo queue with an mv/POSIX storage,
 * a few jobs running a small shell transformation that writes its output file.
 */
import { demoQueue } from './queuedata.js';
/** File name of the demo transformation (write it into trfDir with mode 0755). */
export const DEMO_TRF_NAME = 'demo-payload.sh';
/** The demo transformation: prints events, sleeps, writes each `--out` file. */
export const DEMO_TRF_SCRIPT = `#!/bin/sh
# panda-emulator demo payload: prints some events and writes the requested output files
out=""; events=10; pause=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$out $2"; shift 2 ;;
    --events) events="$2"; shift 2 ;;
    --sleep) pause="$2"; shift 2 ;;
    *) shift ;;
  esac
done
echo "demo payload on $(hostname): $events events"
i=0
while [ "$i" -lt "$events" ]; do echo "event $i"; i=$((i + 1)); done
sleep "$pause"
for f in $out; do echo "demo output written $(date)" > "$f"; done
echo "demo payload done"
`;
/**
 * Queue and job definitions for a demo, to spread into startPandaEmulator's options
 * (add `trfDir` holding {@link DEMO_TRF_SCRIPT} as {@link DEMO_TRF_NAME}).
 */
export function demoSetup(opts = {}) {
    const queue = opts.queue ?? 'DEMO';
    const tag = opts.tag ?? String(Date.now());
    const jobs = Array.from({ length: opts.jobs ?? 1 }, (_, i) => {
        const lfn = `demo.${tag}._${String(i + 1).padStart(6, '0')}.out`;
        return {
            queue,
            transformation: DEMO_TRF_NAME,
            jobPars: `--out ${lfn} --events ${opts.events ?? 10} --sleep ${opts.sleepS ?? 1}`,
            jobName: `demo.${tag}.${i + 1}`,
            outFiles: [{ lfn, scope: 'demo' }],
            logFile: { lfn: `log.${tag}._${String(i + 1).padStart(6, '0')}.job.log.tgz`, scope: 'demo' },
        };
    });
    return { queues: { [queue]: demoQueue(queue, { storageDir: opts.storageDir }) }, jobs, storageDir: opts.storageDir };
}
//# sourceMappingURL=demo.js.map