'use strict';
// Runs the pilot bundle (dist/bundle/pilot.cjs) with its V8 code cache (pilot.cjs.cache, made at
// build time by running a job): the functions a job needs are not compiled again at every start.
// Node 20 has no module compile cache of its own; a rejected or missing cache only costs time.
// PANDA_PILOT_CODE_CACHE_OUT=<file>: write the cache after this run (scripts/bundle.mjs).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'pilot.cjs');
let source;
try {
  // the module function's text, pure ASCII (scripts/bundle.mjs): read as latin1, this large a
  // string stays outside V8's heap, and it is compiled as it is (no Module.wrap copy)
  source = fs.readFileSync(bundle, 'latin1');
} catch (e) {
  process.stderr.write(`panda-pilot: cannot read ${bundle} (${e.code}): build it with \`npm run build && npm run bundle\`\n`);
  process.exit(64);
}
let cachedData;
try {
  cachedData = fs.readFileSync(`${bundle}.cache`);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(source, { filename: bundle, cachedData });
const out = process.env.PANDA_PILOT_CODE_CACHE_OUT;
if (out) {
  delete process.env.PANDA_PILOT_CODE_CACHE_OUT;
  process.once('exit', () => fs.writeFileSync(out, script.createCachedData()));
}
// PANDA_PILOT_CODE_CACHE_DEBUG=1: say whether the code cache and the startup snapshot (bin/panda-pilot) were used
if (process.env.PANDA_PILOT_CODE_CACHE_DEBUG) process.stderr.write(`code cache: ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'none'}, startup snapshot: ${process.execArgv.includes('--snapshot-blob') ? 'used' : 'none'}\n`);
const mod = { exports: {}, filename: bundle, id: '.', loaded: false };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
