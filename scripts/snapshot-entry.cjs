'use strict';
// The pilot's V8 startup snapshot (built by scripts/bundle.mjs into dist/bundle/pilot.blob with
// `node --build-snapshot`): Node's bootstrap with the built-in modules the job path needs already
// loaded, so a start does not compile them again. Only built-ins are in it, none of the pilot's
// own code: the snapshot does not go stale when the bundle changes, and no state of ours (argv,
// environment, clock) is frozen at build time. Left out on Node 20: http, https and tls (the
// builder aborts on their native bindings) and worker_threads (workers started from a snapshot
// that has it loaded fail in process.cwd()); they load at run time as before.
const v8 = require('node:v8');

const BUILTINS = [
  'assert', 'child_process', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises',
  'fs/promises', 'module', 'net', 'os', 'stream', 'stream/promises', 'string_decoder',
  'vm', 'zlib',
];

for (const id of BUILTINS) require(id);

// At run time: `node --snapshot-blob pilot.blob <bin/pilot-loader.cjs> args...` (bin/panda-pilot)
// runs the loader as the main module, exactly as `node <loader> args...` would.
v8.startupSnapshot.setDeserializeMainFunction(() => {
  const path = require('node:path');
  process.argv[1] = path.resolve(process.argv[1]);
  require('node:module').runMain(process.argv[1]);
});
