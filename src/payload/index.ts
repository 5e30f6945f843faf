/**
 * Payload execution: spawning in its own process group, the process tree (group + marked
 * escapees) and its kill, containers, and exit-code interpretation as Pilot 3 does it.
 */
export { spawnPayload, type SpawnPayloadOptions, type PayloadProcess, type PayloadExit } from './spawn.js';
export { contain, parseContainmentMode, cgroupPids, cgroupKill, removeCgroup, removeCgroupWhenEmpty, type Containment, type ContainmentMode } from './containment.js';
export { ProcessTree, TREE_MARKER_ENV, type KillReport, type ProcessTreeOptions } from './tree.js';
export {
  resolveContainer,
  wrapInContainer,
  parseContainerType,
  parseContainerOptions,
  which,
  type ContainerSpec,
  type ContainerJob,
  type ContainerQueue,
  type WrappedCommand,
} from './containers.js';
export {
  interpretExitCode,
  resolveTransformError,
  containerRuntimeError,
  extractStderrError,
  extractStderrWarning,
  popenReturnCode,
  STDERR_PATTERNS,
  EXIT_CODE_MAP,
  CONTAINER_CODES,
  RUNTIME_STDERR_PATTERNS,
  type ExitInterpretation,
  type ExitContext,
} from './exitcode.js';
export { analyzePayloadExit, getEndSetupTime, removeCoreDumps, readPart, PAYLOAD_FILES, type PayloadExitInfo } from './analysis.js';
