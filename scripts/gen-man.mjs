#!/usr/bin/env node
// Man pages from the commands' own --help (one source: the option definitions and cli/help.ts).
//   node scripts/gen-man.mjs          write man/<command>.1
//   node scripts/gen-man.mjs --check  exit 1 when a committed page differs from --help
// Needs the build (dist/). Each `--help` text becomes: NAME, SYNOPSIS (usage), DESCRIPTION,
// OPTIONS (one .TP entry per option) and the epilog's sections (environment, files, exit codes).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const COMMANDS = [
  ['panda-pilot', 'the PanDA pilot (a drop-in for Pilot 3)'],
  ['panda-stagein', "stage in a replica dictionary's files (Pilot 3's stagein.py)"],
  ['panda-stageout', "stage out files (Pilot 3's stageout.py)"],
  ['panda-emulator', 'PanDA server emulator for local pilots and site tests'],
  ['panda-pilot-selftest', 'test a site against the embedded emulators (panda-pilot selftest)', 'panda-pilot', ['selftest']],
];
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

const esc = (s) => s.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/^([.'])/, '\\&$1');

/** argparse help text → roff. */
export function helpToMan(name, summary, help) {
  const lines = help.replace(/\s+$/, '').split('\n');
  const out = [`.TH ${name.toUpperCase()} 1 "" "panda-pilot ${version}" "User Commands"`, '.SH NAME', `${esc(name)} \\- ${esc(summary)}`];
  let i = 0;
  const usage = [];
  while (i < lines.length && lines[i].trim() !== '') usage.push(lines[i++].replace(/^usage: /, '').trim());
  out.push('.SH SYNOPSIS', '.nf', esc(usage.join('\n')), '.fi');
  while (i < lines.length && lines[i].trim() === '') i++;
  const desc = [];
  while (i < lines.length && lines[i].trim() !== '' && !/^\S.*:$/.test(lines[i])) desc.push(lines[i++].trim());
  if (desc.length) out.push('.SH DESCRIPTION', esc(desc.join(' ')));
  while (i < lines.length) {
    const line = lines[i];
    if (/^\S.*:$/.test(line)) {
      const title = line.slice(0, -1).toUpperCase();
      i++;
      const body = [];
      while (i < lines.length && !/^\S.*:$/.test(lines[i])) body.push(lines[i++]);
      if (/OPTIONS|ARGUMENTS/.test(title)) {
        out.push(`.SH ${title}`);
        for (let j = 0; j < body.length; j++) {
          const m = /^ {2}(\S.*?)(?: {2,}(.*))?$/.exec(body[j]);
          if (!m || body[j].startsWith('   ')) continue;
          const text = [m[2] ?? ''];
          while (j + 1 < body.length && /^ {4,}\S/.test(body[j + 1])) text.push(body[++j].trim());
          out.push('.TP', `\\fB${esc(m[1])}\\fR`, esc(text.join(' ').trim()));
        }
      } else {
        out.push(`.SH ${title}`, '.nf', ...body.map((l) => esc(l.replace(/^ {2}/, ''))), '.fi');
      }
      continue;
    }
    if (line.trim()) out.push('.PP', esc(line.trim()));
    i++;
  }
  return `${out.join('\n')}\n`;
}

const check = process.argv.includes('--check');
let stale = 0;
mkdirSync(path.join(root, 'man'), { recursive: true });
for (const [name, summary, bin = name, pre = []] of COMMANDS) {
  // panda-pilot from the tsc build (bin/panda-pilot runs the bundle, which `npm run build` does not make)
  const entry = bin === 'panda-pilot' ? path.join(root, 'dist/src/cli/pilot.js') : path.join(root, 'bin', `${bin}.js`);
  const help = execFileSync(process.execPath, [entry, ...pre, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } });
  const page = helpToMan(name, summary, help);
  const file = path.join(root, 'man', `${name}.1`);
  if (check) {
    let old = '';
    try { old = readFileSync(file, 'utf8'); } catch { /* missing */ }
    if (old !== page) { console.error(`man/${name}.1 is out of date: run node scripts/gen-man.mjs`); stale++; }
  } else writeFileSync(file, page);
}
process.exit(stale ? 1 : 0);
