/** What the benchmark ran on. */
export interface MachineFacts {
    /** Host name. */
    hostname: string;
    /** CPU model name ("AMD EPYC 7763 64-Core Processor"). */
    cpuModel: string;
    /** CPU vendor from /proc/cpuinfo ("AuthenticAMD", "GenuineIntel"), "" when unknown. */
    cpuVendor: string;
    /** Logical CPUs this process may use (os.availableParallelism()). */
    logicalCores: number;
    /** Physical cores (distinct physical id/core id pairs), undefined when /proc/cpuinfo lacks them. */
    physicalCores?: number;
    /** Nominal clock of the first CPU in MHz (0 when unknown). */
    cpuMHz: number;
    /** CPUs' worth of quota from cgroup v2 cpu.max, undefined when unlimited or unknown. */
    cgroupCpuQuota?: number;
    /** Total memory, bytes. */
    memoryTotal: number;
    /** Available memory (MemAvailable), bytes. */
    memoryAvailable: number;
    /** Kernel release (uname -r). */
    kernel: string;
    /** OS type and CPU architecture ("Linux", "x64"). */
    os: string;
    /** CPU architecture ("x64", "arm64"). */
    arch: string;
    /** 1, 5 and 15 minute load averages. */
    loadAverage: [number, number, number];
    /** Node.js version that ran the benchmark. */
    node: string;
}
/** Collect the machine facts (Linux /proc and cgroup v2 where present, os module otherwise). */
export declare function machineFacts(): Promise<MachineFacts>;
