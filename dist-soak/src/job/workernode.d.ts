/** Node name as Pilot 3 reports it: PANDA_HOSTNAME, else the host name (condor "slot1@host" → host part kept whole). */
export declare function nodeName(env?: NodeJS.ProcessEnv): string;
interface CpuInfo {
    model: string;
    mhz: number;
    cores: number;
    avx2: boolean;
}
/** CPU model, clock and flags from /proc/cpuinfo (falls back to os.cpus()). */
export declare function cpuInfo(): CpuInfo;
/**
 * cpuConsumptionUnit: "s+<model with N-Core>" and "+AVX2" when the CPU has it, as Pilot 3 builds it.
 */
export declare function cpuConsumptionUnit(): string;
/** Total memory in MB (float), the getJob `mem` field. */
export declare function totalMemoryMB(): number;
/** Free space of `dir` in MB. */
export declare function freeSpaceMB(dir: string): Promise<number>;
/** Batch system and job id from the environment, as Pilot 3 detects them (for pilotID/batchID). */
export declare function batchSystem(env?: NodeJS.ProcessEnv): {
    type: string;
    id: string;
} | undefined;
/** ISO-8601 local time with offset (e.g. 2026-03-10T16:10:06+01:00), the updateJob `timestamp`. */
export declare function isoTimestamp(d?: Date): string;
export {};
