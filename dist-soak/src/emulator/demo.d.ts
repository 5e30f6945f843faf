import type { QueueDefinition } from './types.js';
/** File name of the demo transformation (write it into trfDir with mode 0755). */
export declare const DEMO_TRF_NAME = "demo-payload.sh";
/** The demo transformation: prints events, sleeps, writes each `--out` file. */
export declare const DEMO_TRF_SCRIPT = "#!/bin/sh\n# panda-emulator demo payload: prints some events and writes the requested output files\nout=\"\"; events=10; pause=1\nwhile [ $# -gt 0 ]; do\n  case \"$1\" in\n    --out) out=\"$out $2\"; shift 2 ;;\n    --events) events=\"$2\"; shift 2 ;;\n    --sleep) pause=\"$2\"; shift 2 ;;\n    *) shift ;;\n  esac\ndone\necho \"demo payload on $(hostname): $events events\"\ni=0\nwhile [ \"$i\" -lt \"$events\" ]; do echo \"event $i\"; i=$((i + 1)); done\nsleep \"$pause\"\nfor f in $out; do echo \"demo output written $(date)\" > \"$f\"; done\necho \"demo payload done\"\n";
/** Options of {@link demoSetup}. */
export interface DemoSetupOptions {
    /** Queue name (default DEMO). */
    queue?: string;
    /** Root of the POSIX storage (outputs land in `<storageDir>/<queue>_LOCAL/...`). */
    storageDir?: string;
    /** Number of jobs (default 1). */
    jobs?: number;
    /** Events each payload prints (default 10) and seconds it sleeps (default 1). */
    events?: number;
    sleepS?: number;
    /** Tag making output LFNs unique (default: the current time). */
    tag?: string;
}
/**
 * Queue and job definitions for a demo, to spread into startPandaEmulator's options
 * (add `trfDir` holding {@link DEMO_TRF_SCRIPT} as {@link DEMO_TRF_NAME}).
 */
export declare function demoSetup(opts?: DemoSetupOptions): {
    queues: Record<string, QueueDefinition>;
    jobs: Record<string, unknown>[];
    storageDir?: string;
};
