export { getCopytool, registerCopytool, copytoolNames } from './registry.js';
export { Adler32, StreamChecksum, fileChecksums, normaliseChecksumType, catalogChecksumType } from './checksum.js';
export { rucioPath, checkLfn, checkScope, safeJoin, transferTimeout, urlScheme } from './paths.js';
export { resolveCommonTransferErrors } from './errormap.js';
export { mvCopytool, localPathOf } from './mv.js';
//# sourceMappingURL=index.js.map