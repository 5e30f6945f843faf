// Every command's --help: every option explained; the committed man pages are made from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// panda-pilot as shipped (bin/panda-pilot: the bundle, built by `npm test`), the others from bin/
const help = (cmd: string) => cmd === 'panda-pilot'
  ? spawnSync(path.join(root, 'bin/panda-pilot'), ['--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } })
  : spawnSync(process.execPath, [path.join(root, 'bin', `${cmd}.js`), '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '100' } });

for (const cmd of ['panda-stagein', 'panda-stageout', 'panda-pilot']) {
  test(`${cmd} --help names the program and explains every option`, () => {
    const r = help(cmd);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^usage: ${cmd} `));
    const options = r.stdout.slice(r.stdout.indexOf('\noptions:\n'));
    // an option line either carries its text or the next line does
    const lines = options.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const m = /^ {2}(-\S+(?:[ ,][^ ].*?)?)(?: {2,}(\S.*))?$/.exec(lines[i]);
      if (!m || lines[i].startsWith('   ')) continue;
      const text = m[2] ?? (lines[i + 1]?.match(/^ {6,}(\S.*)$/)?.[1] ?? '');
      assert.ok(text.length > 3, `${cmd}: no help for ${m[1]}`);
    }
  });
}

test('the man pages are up to date with --help', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/gen-man.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
