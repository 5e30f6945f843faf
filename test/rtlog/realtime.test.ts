// Real-time logging: a real pilot job's payload lines sent to a logstash HTTP input, a Loki push
// API and a fluentd forward input, each a receiver speaking that protocol (none is packaged in
// Debian or npm as a server; fluent's msgpack is decoded with @msgpack/msgpack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttp, type IncomingMessage } from 'node:http';
import { createServer as createTcp } from 'node:net';
import type { AddressInfo } from 'node:net';
import { decodeMulti } from '@msgpack/msgpack';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { parseLogServer, rtDestination } from '../../src/rtlog/realtime.js';
import { msgpack } from '../../src/rtlog/msgpack.js';

const PAYLOAD = '#!/bin/bash\necho "first line"\necho \'{"event": "json line", "n": 2}\'\nsleep 0.3\necho "third line"\n';

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** HTTP receiver: collects (path, JSON body). */
async function httpReceiver(): Promise<{ port: number; posts: Array<{ path: string; body: unknown }>; close(): void }> {
  const posts: Array<{ path: string; body: unknown }> = [];
  const srv = createHttp(async (req, res) => {
    posts.push({ path: req.url ?? '', body: JSON.parse(await body(req)) });
    res.writeHead(req.url?.startsWith('/loki/') ? 204 : 200).end();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as AddressInfo).port, posts, close: () => srv.close() };
}

/** fluentd forward receiver: decodes every msgpack message of every connection. */
async function fluentReceiver(): Promise<{ port: number; messages: unknown[]; close(): void }> {
  const messages: unknown[] = [];
  const srv = createTcp((sock) => {
    const chunks: Buffer[] = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => {
      for (const m of decodeMulti(Buffer.concat(chunks))) messages.push(m);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as AddressInfo).port, messages, close: () => srv.close() };
}

async function runJob(server: string, extra: string[] = []): Promise<string> {
  const scn = await createScenario({ jobs: [{ transformation: 'talk.sh', prodSourceLabel: 'ptest', taskID: 77 }], trfs: { 'talk.sh': PAYLOAD }, config: { rtlogging_interval: 0.1 } });
  try {
    const res = await startPilot(scn, ['--use-realtime-logging', '--realtime-logging-server', server, '--realtime-logname', 'site-pilot', ...extra]).done;
    assert.equal(res.code, 0, res.stderr);
    return String(scn.emulator.jobs()[0].PandaID);
  } finally {
    await scn.close();
  }
}

test('server strings as Pilot 3 takes them: option, catchall, config', () => {
  assert.deepEqual(parseLogServer('logserver=logstash;http://h.example:8443'), { type: 'logstash', protocol: 'http', host: 'h.example', port: 8443 });
  assert.deepEqual(parseLogServer('loki;https://[::1]:3100'), { type: 'loki', protocol: 'https', host: '::1', port: 3100 });
  assert.equal(parseLogServer('logstash:1.2.3.4:80'), undefined);
  assert.equal(parseLogServer('syslog;udp://h:514'), undefined);
  assert.equal(rtDestination(undefined, 'x=1,logging=fluent;tcp://f:24224', 'logstash;http://c:1')?.type, 'fluent');
  assert.equal(rtDestination(undefined, '', 'logstash;http://c:1')?.host, 'c');
  // our encoder round-trips through a reference decoder
  const v = { s: 'x'.repeat(40), n: [1, -3, 300, 70000, 1.5], t: true, z: null, long: 'é'.repeat(300) };
  assert.deepEqual([...decodeMulti(msgpack(v))][0], v);
});

test('logstash over HTTP: every payload line with the job identity, a JSON line merged', async () => {
  const rx = await httpReceiver();
  try {
    const id = await runJob(`logstash;http://127.0.0.1:${rx.port}`);
    const events = rx.posts.flatMap((p) => p.body as Array<Record<string, unknown>>);
    assert.ok(rx.posts.every((p) => p.path === '/'));
    assert.deepEqual(events.map((e) => e.message ?? e.event), ['first line', 'json line', 'third line']);
    for (const e of events) {
      assert.equal(e.PandaJobID, id);
      assert.equal(Number(e.TaskID), 77);
      assert.equal(typeof e.PilotTimeStamp, 'number');
    }
    assert.equal(events[1].n, 2);
  } finally {
    rx.close();
  }
});

test('Loki push API: one stream labelled with the log name and job, lines with nanosecond times', async () => {
  const rx = await httpReceiver();
  try {
    const id = await runJob(`loki;http://127.0.0.1:${rx.port}`, ['--realtime-logging-format', 'text']);
    assert.ok(rx.posts.length > 0 && rx.posts.every((p) => p.path === '/loki/api/v1/push'));
    const streams = rx.posts.flatMap((p) => (p.body as { streams: Array<{ stream: Record<string, string>; values: string[][] }> }).streams);
    for (const s of streams) assert.deepEqual(s.stream, { job: 'site-pilot', PandaJobID: id, TaskID: '77' });
    const values = streams.flatMap((s) => s.values);
    assert.deepEqual(values.map((v) => v[1]), ['first line', '{"event": "json line", "n": 2}', 'third line']);
    for (const [ns] of values) assert.match(ns, /^\d{19}$/);
  } finally {
    rx.close();
  }
});

test('fluentd forward protocol: [tag, [[time, record], ...]] in msgpack over TCP', async () => {
  const rx = await fluentReceiver();
  try {
    const id = await runJob(`fluent;tcp://127.0.0.1:${rx.port}`);
    assert.ok(rx.messages.length > 0);
    const entries = (rx.messages as Array<[string, Array<[number, Record<string, unknown>]>]>).flatMap(([tag, list]) => {
      assert.equal(tag, 'site-pilot');
      return list;
    });
    assert.deepEqual(entries.map(([, r]) => r.message ?? r.event), ['first line', 'json line', 'third line']);
    for (const [time, r] of entries) {
      assert.ok(Number.isInteger(time) && time > 1.7e9);
      assert.equal(r.PandaJobID, id);
    }
  } finally {
    rx.close();
  }
});
