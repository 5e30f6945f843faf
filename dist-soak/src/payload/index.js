/**
 * Payload execution: spawning in its own process group, the process tree (group + marked
 * escapees) and its kill, containers, and exit-code interpretation as Pilot 3 does it.
 */
export { spawnPayload } from './spawn.js';
export { contain, parseContainmentMode, cgroupPids, cgroupKill, removeCgroup } from './containment.js';
export { ProcessTree, TREE_MARKER_ENV } from './tree.js';
export { resolveContainer, wrapInContainer, parseContainerType, parseContainerOptions, which, } from './containers.js';
export { interpretExitCode, resolveTransformError, containerRuntimeError, extractStderrError, extractStderrWarning, popenReturnCode, STDERR_PATTERNS, EXIT_CODE_MAP, CONTAINER_CODES, RUNTIME_STDERR_PATTERNS, } from './exitcode.js';
export { analyzePayloadExit, getEndSetupTime, removeCoreDumps, readPart, PAYLOAD_FILES } from './analysis.js';
//# sourceMappingURL=index.js.map