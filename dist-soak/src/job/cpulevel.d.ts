/** e.g. "x86-64-v3"; the architecture name on other CPUs. */
export declare function cpuArchitectureLevel(): string;
