import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRecord, initLogging, log, onLogRecord } from '../../src/common/log.js';
import { loggedWait } from '../../src/common/waiting.js';
import { pilotLogExcerpt } from '../../src/job/updates.js';

// Created "at module load", before any set-up: must not be lost.
const early = log('early.component');
early.warn({ queue: 'NOSUCH' }, 'made before the set-up');

function transferOne(): void {
  early.info({ lfn: 'a.root', token: 'SECRET-TOKEN', nested: { password: 'pw' } }, 'transferred');
}

describe('logging set-up', () => {
  it('writes records of loggers made before the set-up, in Pilot 3 layout with the calling function', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    const file = join(dir, 'pilotlog.txt');
    initLogging({ file, level: 'info' });
    transferOne();
    log('late').debug('below the level');
    initLogging({});
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \| WARNING  \| early\.component +\| <module> +\| made before the set-up queue=NOSUCH$/);
    assert.match(lines[1], /\| INFO     \| early\.component +\| transferOne +\| transferred lfn=a\.root token=\[Redacted\] nested=\{"password":"\[Redacted\]"\}$/);
    assert.ok(!lines.join('\n').includes('SECRET-TOKEN'));
  });

  it('writes JSON lines on request', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    const file = join(dir, 'pilotlog.txt');
    initLogging({ file, level: 'debug', format: 'json' });
    log('comp', { jobid: '42' }).debug({ n: 1 }, 'hello');
    initLogging({});
    const rec = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, unknown>;
    assert.equal(rec.level, 'debug');
    assert.equal(rec.component, 'comp');
    assert.equal(rec.msg, 'hello');
    assert.equal(rec.jobid, '42');
    assert.equal(rec.n, 1);
    assert.match(String(rec.time), /^\d{4}-\d\d-\d\dT/);
  });

  it('formats a record as Python logging does (UTC asctime, padded level, component and function)', () => {
    const line = formatRecord({ time: Date.UTC(2026, 11, 1, 9, 4, 1, 7), level: 'error', component: 'pilot', fn: 'runPilot', msg: 'failed', fields: { diag: 'a b' } });
    assert.equal(line, `2026-12-01 09:04:01,007 | ERROR    | pilot${' '.repeat(27)} | runPilot${' '.repeat(17)} | failed diag="a b"`);
  });
});

describe('waits are logged', () => {
  it('logs "still waiting" while a promise is outstanding', async () => {
    initLogging({ level: 'info' });
    let release!: (v: string) => void;
    const pending = new Promise<string>((r) => (release = r));
    const seen: string[] = [];
    const off = onLogRecord((r) => {
      seen.push(`${r.msg} ${JSON.stringify(r.fields)}`);
      if (r.msg.startsWith('still waiting')) release('answer');
    });
    const keepAlive = setTimeout(() => undefined, 60_000); // the wait's own timer does not hold the loop
    try {
      assert.equal(await loggedWait(pending, log('server'), 'the answer to getJob', { url: 'http://x' }, 0.02), 'answer');
    } finally {
      off();
      clearTimeout(keepAlive);
      initLogging({});
    }
    assert.match(seen[0], /^still waiting for the answer to getJob \{"url":"http:\/\/x","waitedS":\d+\}$/);
  });
});

describe('final update pilotLog', () => {
  it('is cut at a line boundary, keeping the newest lines', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i} ${'x'.repeat(100)}`);
    const out = pilotLogExcerpt('- Log from pilotlog.txt -', lines, 1024);
    assert.ok(out.length <= 1024);
    const kept = out.split('\n');
    assert.equal(kept[0], '- Log from pilotlog.txt -');
    assert.deepEqual(kept.slice(1), lines.slice(-(kept.length - 1)));
    assert.equal(kept.at(-1), lines[19]);
    assert.equal(pilotLogExcerpt('h', ['y'.repeat(2000)], 1024).length, 1024);
  });
});
