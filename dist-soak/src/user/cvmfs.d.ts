import { type PilotError } from '../common/errors.js';
/** What an experiment declares about CVMFS. `CVMFS_BASE` in a path is the file system root. */
export interface CvmfsLayout {
    mountPoints: readonly string[];
    lastUpdateFile: string;
}
/** The CVMFS root: ATLAS_SW_BASE when a site moved it (HPC), else /cvmfs. */
export declare function cvmfsBase(env: NodeJS.ProcessEnv): string;
/** The timestamp of a last-update file ("date | host | epoch"), 0 when unreadable. */
export declare function lastUpdateTimestamp(file: string): number;
/** Check CVMFS as Pilot 3 does; undefined when fine (or not checked), else the PilotError. */
export declare function checkCvmfs(layout: CvmfsLayout | undefined, env: NodeJS.ProcessEnv): PilotError | undefined;
