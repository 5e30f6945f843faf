#!/usr/bin/env node
// `npm run pilot-tarball [-- --sea] [--out FILE]`: dist/pilot3.tar.gz, what PanDA's pilot wrapper
// (runpilot2-wrapper.sh --piloturl URL) fetches and starts unchanged: it unpacks pilot3/ and runs
// `python3 pilot3/pilot.py -q ... <pilot args>`. Our pilot.py only execs the pilot: the single
// executable when the tarball has one (--sea: no Node.js needed on the node), else node with the
// start command's flags on the bundle. Needs `npm run bundle` (and `--sea` its executable) first.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const PILOT_PY = `#!/usr/bin/env python3
"""panda-pilot, started as PanDA's pilot wrapper starts Pilot 3 (python3 pilot3/pilot.py ...).

Replaces this process (same pid, so the wrapper's signals reach the pilot) with the single
executable next to this file, or else with Node.js (PANDA_PILOT_NODE, default node on PATH)
running the bundle with the V8 flags and the startup snapshot of bin/panda-pilot.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
# the wrapper reads pilot3/pandaIDs.out, as Pilot 3 writes it
os.environ.setdefault("PANDA_PILOT_SOURCE", here)
exe = os.path.join(here, "panda-pilot")
if os.access(exe, os.X_OK):
    os.execv(exe, [exe] + sys.argv[1:])
node = os.environ.get("PANDA_PILOT_NODE", "node")
flags = ["--max-semi-space-size=1", "--no-memory-reducer"]
# the startup snapshot only for the node binary that built it, as bin/panda-pilot checks it
blob = os.path.join(here, "dist", "bundle", "pilot.blob")
try:
    import shutil
    exe = shutil.which(node)
    with open(blob + ".node") as f:
        built = f.read().split()
    st = os.stat(exe)
    if os.environ.get("PANDA_PILOT_SNAPSHOT", "1") != "0" and not os.environ.get("NODE_OPTIONS") and os.access(blob, os.R_OK) and built == [str(st.st_size), str(int(st.st_mtime))]:
        flags += ["--snapshot-blob", blob]
except (OSError, TypeError):
    pass
try:
    os.execvp(node, [node] + flags + [os.path.join(here, "bin", "pilot-loader.cjs")] + sys.argv[1:])
except OSError as e:
    sys.stderr.write("panda-pilot: cannot start %s (%s): install Node.js >= 20 or use the tarball with the single executable\\n" % (node, e))
    sys.exit(64)
`;

export function makePilotTarball({ sea = false, out = path.join(root, 'dist/pilot3.tar.gz') } = {}) {
  const bundle = path.join(root, 'dist/bundle');
  if (!existsSync(path.join(bundle, 'pilot.cjs'))) throw new Error('no bundle: run `npm run bundle` first');
  const stage = mkdtempSync(path.join(os.tmpdir(), 'pilot-tarball-'));
  try {
    const top = path.join(stage, 'pilot3');
    mkdirSync(path.join(top, 'bin'), { recursive: true });
    mkdirSync(path.join(top, 'config'));
    // the single executable never uses the startup snapshot (node's own start, in the executable)
    cpSync(bundle, path.join(top, 'dist/bundle'), { recursive: true, filter: (f) => !(sea && /pilot\.blob/.test(path.basename(f))) });
    copyFileSync(path.join(root, 'bin/pilot-loader.cjs'), path.join(top, 'bin/pilot-loader.cjs'));
    copyFileSync(path.join(root, 'config/default.cfg'), path.join(top, 'config/default.cfg'));
    writeFileSync(path.join(top, 'pilot.py'), PILOT_PY);
    chmodSync(path.join(top, 'pilot.py'), 0o755);
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    // the wrapper logs this file; monitors key on Pilot 3's protocol version
    writeFileSync(path.join(top, 'PILOTVERSION'), `3.11.5.1 (panda-pilot ${version})\n`);
    if (sea) {
      const exe = path.join(root, 'dist/sea/panda-pilot');
      if (!existsSync(exe)) throw new Error('no single executable: run `npm run sea` first');
      copyFileSync(exe, path.join(top, 'panda-pilot'));
      chmodSync(path.join(top, 'panda-pilot'), 0o755);
    }
    mkdirSync(path.dirname(out), { recursive: true });
    execFileSync('tar', ['-czf', out, '-C', stage, 'pilot3']);
    return out;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(root, 'scripts/pilot-tarball.mjs')) {
  const i = process.argv.indexOf('--out');
  console.log(makePilotTarball({ sea: process.argv.includes('--sea'), out: i > 0 ? path.resolve(process.argv[i + 1]) : undefined }));
}
