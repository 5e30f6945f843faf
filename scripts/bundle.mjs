#!/usr/bin/env node
// `npm run bundle`: the pilot as one CommonJS bundle (dist/bundle/pilot.cjs) with its worker-thread
// entries beside it (hashworker, ranges, benchmark-worker), and a V8 code cache made by running a
// real job against the embedded emulator with the start command's flags (bin/panda-pilot), and the
// V8 startup snapshot of the built-ins the job path needs (pilot.blob, scripts/snapshot-entry.cjs).
// `--sea`: also the single executable (`--only-sea`: from the bundle already built) (dist/sea/panda-pilot; Node's single-executable
// applications: the bundle, its workers and default.cfg as assets, injected with postject).
import { build } from 'esbuild';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist/bundle');
// Every bundle file knows where it is (worker entries, bundled files) and whether it runs inside
// the single executable; import.meta.url becomes the bundle file's URL.
const banner = [
  'var __pandaSea = (() => { try { const s = require("node:sea"); return s.isSea() ? s : undefined; } catch { return undefined; } })();',
  'globalThis.__pandaBundle ??= { dir: __dirname, asset: __pandaSea && ((n) => __pandaSea.getAsset(n, "utf8")) };',
  'var __pandaImportMetaUrl = require("node:url").pathToFileURL(__filename).href;',
].join('\n');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // dynamic import() of bundled modules becomes a lazy require: modules still load only when used
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__pandaImportMetaUrl' },
  banner: { js: banner },
  // the S3 SDK is big and used by one copytool only: it stays a package (npm install)
  external: ['@aws-sdk/client-s3'],
  legalComments: 'none',
  // smaller to read and compile at every start; identifiers stay readable in stack traces
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

// undici (a third of the bundle) serves only the https copytool and the ATLAS remote-open check,
// through src/common/undici.ts, which requires it on first use. In the shipped bundle that module
// requires undici.cjs, built beside it, so a start neither reads nor compiles undici. A static
// `import ... from 'undici'` elsewhere gets a module of getters that require undici.cjs on the
// first use of an export (esbuild reads imported names as properties: `import_undici.Agent`), so it
// cannot bring back what loading undici at every start cost (130-200 ms, 13 MB; README, Footprint).
const UNDICI_MODULE = /[\\/]src[\\/]common[\\/]undici\.ts$/;
const undiciApart = {
  name: 'undici-apart',
  setup(b) {
    b.onLoad({ filter: UNDICI_MODULE }, () => ({ loader: 'js', contents: 'let m;\nexport function undici() { return (m ??= require("./undici.cjs")); }\n' }));
    b.onResolve({ filter: /^\.\/undici\.cjs$/ }, () => ({ path: './undici.cjs', external: true }));
    b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'undici-lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'undici-lazy' }, async () => {
      const names = Object.keys(await import('undici')).filter((n) => n !== 'default');
      return {
        loader: 'js',
        contents: [
          'let undici;',
          'const load = () => (undici ??= require("./undici.cjs"));',
          `module.exports = Object.defineProperties({}, Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, { enumerable: true, get: () => load()[n] }])));`,
        ].join('\n'),
      };
    });
  },
};

// The single executable has no files beside it: undici is bundled in, and still initialised only
// on first use (esbuild runs a required CommonJS module's body when require is first called).
const undiciInside = {
  name: 'undici-inside',
  setup(b) {
    b.onLoad({ filter: UNDICI_MODULE }, () => ({ loader: 'js', contents: 'let m;\nexport function undici() { return (m ??= require("undici")); }\n' }));
  },
};

/** The pilot's options as a table for the bundle's command-line fast path (src/cli/fastargs.ts). */
async function argsTable() {
  const [{ createPilotArgParser }, { actionTable }, argparse] = await Promise.all([
    import(path.join(root, 'dist/src/cli/args.js')),
    import(path.join(root, 'dist/src/cli/fastargs.js')),
    import('argparse'),
  ]);
  return JSON.stringify(actionTable(createPilotArgParser(), argparse.default.SUPPRESS));
}

export async function bundle() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  common.define.__PANDA_ARGS_TABLE__ = await argsTable();
  await build({ ...common, entryPoints: { pilot: path.join(root, 'src/cli/pilot.ts') }, outdir: out, outExtension: { '.js': '.cjs' }, plugins: [undiciApart] });
  wrapForLoader(path.join(out, 'pilot.cjs'));
  await build({ ...common, stdin: { contents: 'module.exports = require("undici");', resolveDir: root, loader: 'js' }, outfile: path.join(out, 'undici.cjs') });
  await build({
    ...common,
    plugins: [undiciApart],
    entryPoints: {
      hashworker: path.join(root, 'src/copytool/hashworker.ts'),
      ranges: path.join(root, 'src/copytool/ranges.ts'),
      'benchmark-worker': path.join(root, 'src/services/benchmark-worker.ts'),
    },
    outdir: out,
    outExtension: { '.js': '.cjs' },
  });
}

/**
 * pilot.cjs as bin/pilot-loader.cjs compiles it: already wrapped as Node's CommonJS module function
 * (same text as Module.wrap, so the same lines and columns in stack traces) and pure ASCII, so the
 * loader reads it as latin1 into a string outside V8's heap and compiles that very string: no UTF-8
 * decoding and no wrapped copy on the heap at every start.
 */
function wrapForLoader(file) {
  const code = readFileSync(file, 'utf8');
  // esbuild writes ASCII (non-ASCII characters escaped); latin1 reads it back only if it stays so
  const at = code.search(/[^\x00-\x7f]/);
  if (at >= 0) throw new Error(`${file}: a non-ASCII character at ${at}: the loader reads the bundle as latin1`);
  writeFileSync(file, `(function (exports, require, module, __filename, __dirname) { ${code}\n});`);
}

/** The start command's V8 flags, from bin/panda-pilot (their one owner). */
export function startFlags() {
  const m = /^flags="([^"]*)"$/m.exec(readFileSync(path.join(root, 'bin/panda-pilot'), 'utf8'));
  if (!m) throw new Error('bin/panda-pilot: no flags="..." line');
  return m[1].split(/\s+/).filter(Boolean);
}

/**
 * The startup snapshot for the node running this script, with the start command's flags (node
 * refuses a snapshot built with other flags or by another binary), and beside it the identity of
 * that binary (size, mtime) that bin/panda-pilot and the tarball's pilot.py check before using it. The
 * snapshot is tried once; one that does not start is removed and the pilot starts without it.
 * Its bytes are not reproducible (V8 lays out each build differently); what is in it is fixed.
 */
export function makeSnapshot() {
  const blob = path.join(out, 'pilot.blob');
  rmSync(blob, { force: true });
  rmSync(`${blob}.node`, { force: true });
  const flags = startFlags();
  // the builder warns that some built-ins are not verified for snapshots; the suite runs them
  const built = spawnSync(process.execPath, [...flags, '--snapshot-blob', blob, '--build-snapshot', path.join(root, 'scripts/snapshot-entry.cjs')], { encoding: 'utf8' });
  const check = built.status === 0 && spawnSync(process.execPath, [...flags, '--snapshot-blob', blob, path.join(root, 'bin/pilot-loader.cjs'), '--help'], { encoding: 'utf8' });
  if (!check || check.status !== 0 || !/usage/i.test(check.stdout)) {
    rmSync(blob, { force: true });
    process.stderr.write(`startup snapshot not built, the pilot starts without it: ${(built.stderr || check?.stderr || '').split('\n').filter((l) => l && !/Warning|It may|To request|trace-warnings/.test(l)).slice(0, 3).join(' ')}\n`);
    return undefined;
  }
  const st = statSync(process.execPath);
  writeFileSync(`${blob}.node`, `${st.size} ${Math.floor(st.mtimeMs / 1000)}\n`);
  return blob;
}

/** Run one job with the bundle through bin/panda-pilot and keep the code cache it leaves. */
export async function makeCodeCache() {
  const { createScenario } = await import(path.join(root, 'dist/src/demo/scenario.js'));
  const scn = await createScenario({
    jobs: [{ transformation: 'run.sh', jobPars: '', prodSourceLabel: 'ptest', inFiles: [{ lfn: 'in.dat', scope: 'cache', size: 2, checksum: 'ad:00bb0062' }] }],
    trfs: { 'run.sh': '#!/bin/sh\nexit 0\n' },
    inputs: { 'in.dat': 'ab' },
  });
  const cache = path.join(out, 'pilot.cjs.cache');
  try {
    const child = spawn(path.join(root, 'bin/panda-pilot'), scn.pilotArgs(), {
      cwd: scn.launchDir,
      env: scn.pilotEnv({ PANDA_PILOT_CODE_CACHE_OUT: cache, PANDA_PILOT_LOG_CONSOLE: '0' }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    if (code !== 0 || !existsSync(cache)) throw new Error(`code-cache run: pilot exit ${code}`);
    const [job] = scn.emulator.jobs();
    const final = scn.emulator.updates(job.PandaID).find((u) => u.params.state === 'finished');
    if (!final) throw new Error('code-cache run: the job did not finish');
  } finally {
    await scn.close();
  }
}

/** The single executable: node's binary with the bundle injected (Node 20 single-executable applications). */
export async function makeSea() {
  common.define.__PANDA_ARGS_TABLE__ ??= await argsTable();
  const dir = path.join(root, 'dist/sea');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // the single executable can only require built-in modules: its bundles keep undici inside
  const seaBuild = path.join(dir, 'build');
  await build({ ...common, entryPoints: { pilot: path.join(root, 'src/cli/pilot.ts'), ranges: path.join(root, 'src/copytool/ranges.ts') }, outdir: seaBuild, outExtension: { '.js': '.cjs' }, plugins: [undiciInside] });
  const config = {
    main: path.join(seaBuild, 'pilot.cjs'),
    output: path.join(dir, 'sea-prep.blob'),
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
    assets: {
      'default.cfg': path.join(root, 'config/default.cfg'),
      'hashworker.cjs': path.join(out, 'hashworker.cjs'),
      'ranges.cjs': path.join(seaBuild, 'ranges.cjs'),
      'benchmark-worker.cjs': path.join(out, 'benchmark-worker.cjs'),
    },
  };
  writeFileSync(path.join(dir, 'sea-config.json'), JSON.stringify(config, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', path.join(dir, 'sea-config.json')], { stdio: 'pipe' });
  const exe = path.join(dir, 'panda-pilot');
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  const postject = path.join(root, 'node_modules/postject/dist/cli.js');
  execFileSync(process.execPath, [postject, exe, 'NODE_SEA_BLOB', config.output, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'pipe' });
  rmSync(config.output);
  rmSync(seaBuild, { recursive: true, force: true });
  return exe;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(root, 'scripts/bundle.mjs')) {
  // --only-sea: the executable from the bundle already built (e.g. by prepack)
  if (!process.argv.includes('--only-sea')) {
    await bundle();
    makeSnapshot();
    await makeCodeCache();
  }
  if (process.argv.includes('--sea') || process.argv.includes('--only-sea')) console.log(`single executable: ${await makeSea()}`);
  const size = (f) => `${(readFileSync(path.join(out, f)).length / 1024).toFixed(0)} KiB`;
  const snap = existsSync(path.join(out, 'pilot.blob')) ? `, startup snapshot ${size('pilot.blob')}` : ', no startup snapshot';
  console.log(`bundle: dist/bundle/pilot.cjs ${size('pilot.cjs')}, code cache ${size('pilot.cjs.cache')}${snap}`);
}
