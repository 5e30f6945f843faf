/** Copytools: one interface, a registry by name, and the helpers they share. */
export type { Copytool, CopyContext, TraceSink, ProgressFn } from './types.js';
export { getCopytool, registerCopytool, copytoolNames } from './registry.js';
export { Adler32, StreamChecksum, fileChecksums, normaliseChecksumType, catalogChecksumType } from './checksum.js';
export { rucioPath, checkLfn, checkScope, safeJoin, transferTimeout, urlScheme } from './paths.js';
export { resolveCommonTransferErrors, type MappedError } from './errormap.js';
export { mvCopytool, localPathOf } from './mv.js';
