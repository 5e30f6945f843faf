/**
 * Records the emulator keeps: a subset of panda-server's JobSpec/FileSpec columns plus the
 * bookkeeping tests assert on (every update received, state history, heartbeats).
 * Everything is plain JSON so the store can be persisted and reloaded as is.
 */
export {};
//# sourceMappingURL=types.js.map