import type { TransferFile } from '../data/types.js';
import type { Copytool } from './types.js';
/** Direct-access eligibility without requiring a turl (FileSpec.is_directaccess(ensure_replica=False)). */
export declare function isDirectAccessCandidate(f: TransferFile): boolean;
/** Local path of a `file://` URL or absolute path; undefined for remote URLs. */
export declare function localPathOf(url: string | undefined): string | undefined;
/** The mv copytool (no replicas, no space check; Pilot 3 flags). */
export declare const mvCopytool: Copytool;
