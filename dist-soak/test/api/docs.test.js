// `npm run docs` must build the API site without warnings (typedoc.json treats warnings as errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../../../', import.meta.url));
test('typedoc builds the API docs without warnings', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'panda-docs-'));
    try {
        const res = spawnSync(process.execPath, [path.join(root, 'node_modules/typedoc/bin/typedoc'), '--out', out], { cwd: root, encoding: 'utf8' });
        assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
        assert.doesNotMatch(res.stdout + res.stderr, /\[warning\]/);
        assert.ok(existsSync(path.join(out, 'index.html')));
        assert.ok(existsSync(path.join(out, 'modules')) || existsSync(path.join(out, 'modules.html')));
    }
    finally {
        rmSync(out, { recursive: true, force: true });
    }
});
//# sourceMappingURL=docs.test.js.map