/**
 * The payload channel: Pilot 3's message parsing and command injection (against a recording of
 * Pilot 3's own ESProcess), and yampl's local transport against real libzmq (pyzmq), the library
 * under AthenaMP's yampl client and Pilot 3's yampl server.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { injectChannel, MessageParseError, parseOutMessage } from '../../src/eventservice/protocol.js';
import { YamplClient, YamplServer } from '../../src/eventservice/yampl.js';

const fixture = JSON.parse(readFileSync(new URL('../../../test/eventservice/fixtures/pilot3-es-protocol.json', import.meta.url), 'utf8')) as {
  socket: string;
  injected: { command: string; result: string }[];
  parsed: { message: string; result?: Record<string, string>; error?: string }[];
};

// Debian's python3-zmq belongs to the system interpreter, not to whatever python3 is first on PATH
const PY = '/usr/bin/python3';

function python(code: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(PY, ['-c', code, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (c) => resolve({ code: c, out, err }));
  });
}

describe('event-service protocol (Pilot 3 recording)', () => {
  it('injects the channel name exactly as Pilot 3 for every command form', () => {
    for (const { command, result } of fixture.injected) assert.equal(injectChannel(command, fixture.socket).command, result, command);
  });

  it('parses range reports as Pilot 3 (ERR_*FATAL* marks the range fatal: our addition)', () => {
    for (const { message, result, error } of fixture.parsed) {
      if (error) {
        assert.throws(() => parseOutMessage(message), MessageParseError, message);
        continue;
      }
      const got = parseOutMessage(message) as Record<string, string>;
      const { code: _code, ...rest } = got;
      const want = { ...result! };
      if (message.startsWith('ERR_') && message.split(' ')[0].includes('FATAL')) want.status = 'fatal';
      assert.deepEqual(rest, want, message);
    }
  });
});

describe('yampl local channel against libzmq', () => {
  it('a libzmq DEALER (yampl ClientSocket) talks to our server; long frames both ways', async () => {
    const server = await YamplServer.listen(`EventService_EventRanges_test${process.pid}`);
    const got: string[] = [];
    const big = JSON.stringify([{ eventRangeID: '1-2-3-4-5', LFN: 'x'.repeat(400) }]);
    server.onMessage((m) => {
      got.push(m);
      if (m === 'Ready for events') server.send(got.length === 1 ? big : 'No more events');
    });
    const code = `
import sys, zmq
s = zmq.Context().socket(zmq.DEALER)
s.setsockopt(zmq.IDENTITY, b'athena\\0')
s.connect('ipc:///tmp/zmq_' + sys.argv[1])
s.send(b'Ready for events')
r = s.recv().decode()
s.send(('/w/out,ID:1-2-3-4-5,CPU:1,WALL:1,' + 'L:' + 'y' * 300).encode())
s.send(b'Ready for events')
print(len(r), s.recv().decode())
`;
    const res = await python(code, [server.name]);
    await server.close();
    assert.equal(res.code, 0, res.err);
    assert.equal(res.out.trim(), `${big.length} No more events`);
    assert.deepEqual(got.map((m) => m.slice(0, 16)), ['Ready for events', '/w/out,ID:1-2-3-', 'Ready for events']);
    assert.equal(got[1].length, 35 + 300);
  });

  it('our client (the reference payload) talks to a libzmq ROUTER (yampl ServerSocket)', async () => {
    const name = `EventService_EventRanges_py${process.pid}`;
    const code = `
import sys, zmq
s = zmq.Context().socket(zmq.ROUTER)
s.setsockopt(zmq.ROUTER_MANDATORY, 1)
s.bind('ipc:///tmp/zmq_' + sys.argv[1])
print('bound', flush=True)
peer, msg = s.recv_multipart()
s.send_multipart([peer, b'[{"eventRangeID": "9-9-9-9-1"}]'])
peer, msg2 = s.recv_multipart()
print(peer.decode(errors='replace').rstrip('\\0'), msg.decode(), msg2.decode(), flush=True)
`;
    const p = spawn(PY, ['-c', code, name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const bound = new Promise<void>((resolve, reject) => {
      p.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('bound') && resolve()));
      p.on('close', () => reject(new Error(`python ROUTER ended: ${err}`)));
    });
    await bound;
    const c = await YamplClient.connect(name, 'refpayload');
    c.send('Ready for events');
    assert.equal(await c.recv(), '[{"eventRangeID": "9-9-9-9-1"}]');
    c.send('out,ID:9-9-9-9-1,CPU:0,WALL:0');
    await new Promise((r) => p.on('close', r));
    c.close();
    assert.match(out, /refpayload Ready for events out,ID:9-9-9-9-1,CPU:0,WALL:0/);
  });
});
