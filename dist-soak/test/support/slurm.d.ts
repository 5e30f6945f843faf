export interface SlurmCluster {
    dir: string;
    /** Environment for the Slurm commands (SLURM_CONF). */
    env: NodeJS.ProcessEnv;
    /** Run a Slurm client command (sbatch, squeue, srun, scancel, ...). */
    cmd(name: string, args: string[], opts?: {
        cwd?: string;
        env?: NodeJS.ProcessEnv;
    }): Promise<{
        stdout: string;
        stderr: string;
    }>;
    /** Wait until no job of the cluster is pending or running. */
    waitIdle(timeoutMs?: number): Promise<void>;
    stop(): Promise<void>;
}
/** Start munged, slurmctld and slurmd. */
export declare function startSlurm(cpus?: number): Promise<SlurmCluster>;
