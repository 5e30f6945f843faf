import { type ContainerSpec } from './containers.js';
import { ProcessTree, type KillReport } from './tree.js';
import { type ContainmentMode } from './containment.js';
/** How the payload ended: exactly one of the two is non-null. */
export interface PayloadExit {
    exitCode: number | null;
    signal: string | null;
}
/** Options of {@link spawnPayload}: give `argv` (no shell) or `command` (run by /bin/bash -c). */
export interface SpawnPayloadOptions {
    argv?: string[];
    command?: string;
    cwd: string;
    /** Full environment of the payload (default: the pilot's own). */
    env?: NodeJS.ProcessEnv;
    stdoutPath: string;
    stderrPath: string;
    /** Append to the stream files instead of truncating them (Pilot 3 does so for event service). */
    append?: boolean;
    container?: ContainerSpec;
    /** Marker value for the tree (default: 128 random bits). */
    marker?: string;
    /** How the whole tree is kept findable (default `auto`: cgroup, else PID namespace, else marker). */
    containment?: ContainmentMode | 'auto';
}
/** A running payload. */
export interface PayloadProcess {
    pid: number;
    pgid: number;
    /** The runtime used when the payload runs in a container. */
    runtime?: string;
    /** Epoch seconds at spawn. */
    startTime: number;
    /** The argv actually executed (after container wrapping). */
    argv: string[];
    tree: ProcessTree;
    /** The tree's marker value and the containment in use (journaled so a later pilot finds the tree). */
    marker: string;
    containment: ContainmentMode;
    cgroupDir?: string;
    /** Kernel start time (clock ticks) of `pid`. */
    startTicks: number;
    exited: Promise<PayloadExit>;
    /** SIGTERM the whole tree, wait up to graceMs (default 10 s as Pilot 3), SIGKILL what remains. */
    kill(graceMs?: number): Promise<KillReport>;
}
/**
 * Spawn the payload. Throws UNKNOWNEXCEPTION ("command execution failed", as Pilot 3) when the
 * process cannot be started, and the container codes when the container cannot be set up.
 */
export declare function spawnPayload(opts: SpawnPayloadOptions): PayloadProcess;
