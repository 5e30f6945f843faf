/**
 * ATLAS looping-job rules (Pilot 3's pilot/user/atlas/loopingjob_definitions.py): detection is
 * allowed, and the "most recently touched file" leaves out what the pilot or the release setup
 * rewrite rather than the payload's progress: the user `workDir` directory, memory monitor and
 * pilot files, Python sources, the PoolFileCatalog, setup scripts, DBRelease files, docs.
 *
 * The limit, period and kill are the generic ones (Pilot 3 reads the same config keys for every
 * user: max(looping_limit_default, looping_limit_min_default), looping_verification_time).
 */
import { loopingIgnoreList, type LoopingIgnore } from '../../monitor/workdir-scan.js';

/** Substrings that make a path invisible to the looping check (matched inside the work dir). */
export const ATLAS_LOOPING_NEEDLES: readonly string[] = [
  'prmon', '/pilot/', '/pandawnutil', 'pilotlog', '.lib.tgz', '.py', 'PoolFileCatalog', 'setup.sh',
  'pandaJob', 'runjob', 'memory_', 'mem.', 'docs/', 'DBRelease-',
];

/** ATLAS's ignore rule: the needles, `<workdir>/workDir` itself and paths ending in "/pilot". */
export const atlasLoopingIgnore: LoopingIgnore = loopingIgnoreList(ATLAS_LOOPING_NEEDLES, { exact: ['/workDir'], suffixes: ['/pilot'] });
