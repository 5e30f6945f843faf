/** Range prefetching and batched range updates, with a scripted server. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RangeSupply } from '../../src/eventservice/ranges.js';
import { RangeUpdater } from '../../src/eventservice/updates.js';

describe('event-service units', () => {
  it('ranges come corecount at a time, prefetched two requests ahead, each handed out once', async () => {
    const asked: number[] = [];
    let next = 1;
    const supply = new RangeSupply(async (n) => {
      asked.push(n);
      const out = [];
      for (let i = 0; i < n && next <= 7; i++) out.push({ eventRangeID: `1-2-${next}-${next++}-1` });
      return out;
    }, 2);
    supply.prefetch();
    const got: string[] = [];
    for (let r = await supply.next(); r; r = await supply.next()) got.push(r.eventRangeID);
    assert.deepEqual(got.map((g) => g.split('-')[2]), ['1', '2', '3', '4', '5', '6', '7']);
    assert.ok(asked.every((n) => n === 2));
    assert.equal(supply.open.size, 7);
    assert.equal(supply.close(got[0]), true);
    assert.equal(supply.close(got[0]), false, 'a range is closed once');
  });

  it('one request in flight; reports meanwhile share the next; Returns/Command read in both versions', async () => {
    const calls: { version: number; ids: string[] }[] = [];
    let release!: () => void;
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    let first = true;
    const commands: string[] = [];
    const updater = new RangeUpdater(async ({ eventRanges, version }) => {
      const items = JSON.parse(eventRanges) as { eventRangeID: string }[];
      calls.push({ version, ids: items.map((i) => i.eventRangeID) });
      if (first) {
        first = false;
        const gate = new Promise<void>((r) => (release = r));
        started();
        await gate;
      }
      const returns = items.map((i) => i.eventRangeID !== 'bad');
      return { StatusCode: 0, Returns: JSON.stringify(returns), Command: JSON.stringify({ 2: calls.length === 2 ? 'tobekilled' : null }) };
    }, (c) => commands.push(c));
    const a = updater.report([{ eventRangeID: 'a', eventStatus: 'finished' }]);
    const b = updater.report([{ eventRangeID: 'b', eventStatus: 'failed', errorCode: 1220 }]);
    const c = updater.report([{ eventRangeID: 'bad', eventStatus: 'finished' }]);
    await inFlight;
    release();
    await Promise.all([a, b, c]);
    assert.deepEqual(calls, [{ version: 0, ids: ['a'] }, { version: 0, ids: ['b', 'bad'] }]);
    assert.deepEqual((await c).rejected, ['bad']);
    assert.deepEqual(commands, ['tobekilled']);
    await updater.flush();
  });

  it('a failing server: retried, then given up after maxAttempts calls in a row (flush still returns)', async () => {
    let n = 0;
    const updater = new RangeUpdater(async () => {
      n++;
      throw new Error('connection refused');
    }, undefined, 1000, 2);
    const out = await updater.report([{ eventRangeID: 'x', eventStatus: 'finished' }]);
    await updater.flush();
    assert.equal(n, 2);
    assert.deepEqual(out.rejected, ['x']);
    assert.deepEqual(updater.lost, ['x']);
  });
});
