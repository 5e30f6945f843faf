#!/usr/bin/env node
// `npm test`: installs the Debian packages the suite's real servers need (when root and missing),
// then runs every compiled test file with node's own test runner. Servers (XRootD, nginx, the
// emulators) are started and stopped by the tests themselves on free loopback ports.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function wantedPackages() {
  const text = readFileSync(path.join(root, '.ci/apt-packages.txt'), 'utf8');
  return [...new Set(text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean))];
}

function missing(pkgs) {
  return pkgs.filter((p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout !== 'install ok installed');
}

function installPackages() {
  const need = missing(wantedPackages());
  if (need.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.warn(`test: missing Debian packages (${need.join(' ')}); run as root or install them`);
    return;
  }
  console.log(`test: installing ${need.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...need], { stdio: 'inherit', env });
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

installPackages();
const filter = process.argv.slice(2);
let files = testFiles(path.join(root, 'dist/test'));
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
// The per-file limit only guards against a hang: 10 min, the whole suite's budget, so that the
// CPU-bound files (the in-process fuzz: ~75 s of CPU) are slowed by a busy machine, never failed.
const res = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=600000', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(res.status ?? 1);
