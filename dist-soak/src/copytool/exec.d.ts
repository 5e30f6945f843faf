/** Result of one tool run. */
export interface ExecResult {
    exitCode: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
}
/**
 * Run `argv[0]` with `argv[1..]` (never through a shell). Kills the process group on timeout or
 * abort; an abort rejects with the signal's reason.
 */
export declare function runTool(argv: string[], opts?: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    timeoutS?: number;
    signal?: AbortSignal;
    onStderr?: (chunk: string) => void;
}): Promise<ExecResult>;
