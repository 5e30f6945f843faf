/** Files from the pilot home copied into the job directory before archiving (copy_special_files). */
export declare const SPECIAL_FILES: string[];
/** Options of createLogTarball. */
export interface LogTarballOptions {
    /** Top directory name inside the archive (default `tarball_PandaJob_<basename(workdir)>`). */
    tarballName?: string;
    /** Where the archive is written (default: parent of workdir, as Pilot 3 writes it in PILOT_HOME). */
    outDir?: string;
    /** Pilot home, source of the special files (default: parent of workdir). */
    pilotHome?: string;
    /** Input/output lfns left out of the archive. */
    exclude?: string[];
    /** Extra name patterns (simple globs: `*`, `?`) left out, e.g. an experiment's redundant files. */
    excludePatterns?: string[];
    /** Also copy the archive into the workdir (needed to stage it out from there). Default true. */
    copyToWorkdir?: boolean;
    signal?: AbortSignal;
}
/** Pilot 3's tar timeout: min(30 + int(60 + MB/5), 10800) s, 10800 when the size is unknown. */
export declare function tarTimeout(sizeMB: number | undefined): number;
/**
 * Create `<outDir>/<logFile>` from `workdir`. Returns the archive path (and the copy in the
 * workdir when requested). Empty log name → undefined (Pilot 3 skips silently).
 * Errors: LOGFILECREATIONFAILURE (1320), LOGCREATIONTIMEOUT (1376).
 */
export declare function createLogTarball(workdir: string, logFile: string, opts?: LogTarballOptions): Promise<string | undefined>;
