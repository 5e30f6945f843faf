/** What the payload's container needs; built by {@link resolveContainer}. */
export interface ContainerSpec {
    /** Runtime named by the queue for the "pilot" user (e.g. "singularity"), if any. */
    runtime?: string;
    /** Image: a directory (any runtime) or an image file / docker:// reference (apptainer only). */
    image: string;
    /** queuedata.container_options (apptainer syntax; `-B src[:dst[:ro]]` is honoured by bwrap too). */
    options?: string;
    /** The job's work dir (bound at its own path and at /srv, and the container's cwd). */
    workdir: string;
    /** Runtimes to try, in order (default: the queue's, the other apptainer flavour, bwrap). */
    prefer?: string[];
}
/** The job fields the container decision reads (Pilot 3 JobData names). */
export interface ContainerJob {
    imagename?: string;
    platform?: string;
    alrbuserplatform?: string;
    workdir?: string;
}
/** The queuedata fields the container decision reads. */
export interface ContainerQueue {
    container_type?: string | Record<string, string>;
    container_options?: string;
}
/** Parse queuedata.container_type (`"singularity:pilot;docker:wrapper"`) into {user: runtime}. */
export declare function parseContainerType(value: string | Record<string, string> | undefined): Record<string, string>;
/**
 * Pilot 3's do_use_container + the validate checks: undefined when no container is wanted (or
 * none can be built: no image), else the spec. Throws QUEUENOTSETUPFORCONTAINERS when the queue
 * has no "pilot" container type, IMAGENOTFOUND when an absolute image path does not exist.
 */
export declare function resolveContainer(job: ContainerJob, queuedata: ContainerQueue, workdir?: string): ContainerSpec | undefined;
/** Absolute path of an executable on PATH, or undefined. */
export declare function which(name: string, pathEnv?: string): string | undefined;
/** Order in which runtimes are tried for a queue that names `runtime`. */
export declare function runtimeOrder(runtime?: string): string[];
/** Split an option string the way a shell would for simple quoting ('..', "..", backslash). */
export declare function splitOptions(text: string): string[];
/** One bind mount. */
export interface Bind {
    src: string;
    dst: string;
    ro: boolean;
}
/** `-B a,b:c,d:e:ro` → binds (apptainer's syntax). */
export declare function parseBindList(list: string): Bind[];
/** Options we understand from container_options: binds, clean environment; the rest is reported. */
export declare function parseContainerOptions(options: string | undefined): {
    binds: Bind[];
    cleanEnv: boolean;
    ignored: string[];
};
/** The standard binds: work dir at its path and at /srv, /cvmfs (read-only) and /home when present. */
export declare function defaultBinds(workdir: string): Bind[];
/** Environment additions inside the container (Pilot 3 ALRB's inner exports). */
export declare const CONTAINER_ENV: Readonly<Record<string, string>>;
/**
 * bwrap arguments that lay out a directory image under bwrap's tmpfs root without ever binding
 * onto a read-only image directory: entries on the way to a mount target become fresh dirs
 * (recursing into the image), all others are bound read-only (symlinks recreated).
 */
export declare function bwrapRootLayout(imageDir: string, targets: string[], skip?: ReadonlySet<string>): string[];
/** The command to run and which runtime runs it. */
export interface WrappedCommand {
    argv: string[];
    runtime: string;
    /** Variables to add to the environment the runtime is started with. */
    env: Record<string, string>;
}
/**
 * Wrap `argv` (e.g. ['/bin/bash', '-c', cmd]) for the first installed runtime. `keepEnv` names
 * variables that must survive a clean environment (our process-tree marker).
 */
export declare function wrapInContainer(argv: string[], spec: ContainerSpec, opts?: {
    pathEnv?: string;
    keepEnv?: Record<string, string>;
}): WrappedCommand;
