'use strict';
// The pilot's V8 startup snapshot (built by scripts/bundle.mjs into dist/bundle/pilot.blob with
// `node --build-snapshot`): Node's bootstrap with the built-in modules the job path needs already
// loaded, so a start does not compile them again. Only built-ins are in it, none of the pilot's
// own code: the snapshot does not go stale when the bundle changes, and no state of ours (argv,
// environment, clock) is frozen at build time. http, https and tls cannot be snapshotted on
// Node 20 (their native bindings are not serializable): they load at run time as before.
const v8 = require('node:v8');

const BUILTINS = [
  'assert', 'child_process', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises',
  'fs/promises', 'module', 'net', 'os', 'readline', 'stream', 'stream/promises', 'string_decoder',
  'vm', 'zlib',
];

// The snapshot builder's context lacks Array.prototype.toSorted (V8 installs it again when the
// snapshot is deserialized); a built-in may call it while loading, so it is lent for the build.
const lent = !Array.prototype.toSorted;
if (lent) Object.defineProperty(Array.prototype, 'toSorted', { configurable: true, writable: true, value(cmp) { return this.slice().sort(cmp); } });
for (const id of BUILTINS) require(id);
if (lent) delete Array.prototype.toSorted;

// At run time: `node --snapshot-blob pilot.blob <bin/pilot-loader.cjs> args...` (bin/panda-pilot)
// runs the loader as the main module, exactly as `node <loader> args...` would.
v8.startupSnapshot.setDeserializeMainFunction(() => {
  const path = require('node:path');
  process.argv[1] = path.resolve(process.argv[1]);
  require('node:module').runMain(process.argv[1]);
});
