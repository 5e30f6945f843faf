/** A containment method. */
export type ContainmentMode = 'cgroup' | 'pidns' | 'marker';
/** What the payload runs in. */
export interface Containment {
    mode: ContainmentMode;
    /** The payload's own cgroup directory (mode `cgroup`). */
    cgroupDir?: string;
    /** The argv to execute (the payload's, wrapped). */
    argv: string[];
}
/** The cgroup v2 mount point (from /proc/self/mountinfo), or undefined. */
export declare function cgroup2Mount(mountinfo?: string): string | undefined;
/** The directory of this process's own cgroup v2, or undefined. */
export declare function ownCgroupDir(): string | undefined;
/** Create the payload's cgroup (undefined when we may not). */
export declare function createPayloadCgroup(name: string): string | undefined;
/** Pids in a cgroup (empty when it is gone). */
export declare function cgroupPids(dir: string): number[];
/** SIGKILL everything in the cgroup at once (cgroup.kill, kernel 5.14+); false when unsupported. */
export declare function cgroupKill(dir: string): boolean;
/** Remove an empty payload cgroup (a still-populated one stays, for the next pilot or a human). */
export declare function removeCgroup(dir: string): boolean;
/** Can bubblewrap give us a PID namespace here? (probed once) */
export declare function pidNamespaceAvailable(): boolean;
/**
 * Wrap `argv` in the containment `want` asks for (`auto`: best available). Containers keep their
 * own namespaces, so they get the cgroup or the marker only.
 */
export declare function contain(argv: string[], want: ContainmentMode | 'auto', name: string, opts?: {
    container?: boolean;
}): Containment;
/** Parse a configured containment ('auto' for anything else, with a warning). */
export declare function parseContainmentMode(v: string | undefined): ContainmentMode | 'auto';
