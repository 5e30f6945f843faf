// --subscribe-to-msgsvc against a real broker (RabbitMQ's STOMP): the pilot logs in with the
// broker login PanDA keeps as user secrets, asks for a job only for a get_job message (of that
// message's task), and a kill_task message kills the running job (1144) and ends the pilot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { StompSubscription, FrameDecoder, encodeFrame } from '../../src/server/stomp.js';
import { SLEEPER } from '../support/payloads.js';
import { startRabbitmq, type Broker } from '../support/rabbitmq.js';
import { alive, waitFor } from '../support/wait.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let broker: Broker;
before(async () => {
  broker = await startRabbitmq();
});
after(async () => {
  await broker?.stop();
});

test('STOMP frames: escaped headers, content-length bodies with NULs, frames split across chunks', () => {
  const f = { command: 'MESSAGE', headers: { destination: '/topic/a:b', 'content-length': '5' }, body: 'a\0b\nc' };
  const bytes = Buffer.concat([Buffer.from('\n'), encodeFrame(f), encodeFrame({ command: 'RECEIPT', headers: { 'receipt-id': 'x\ny' }, body: '' })]);
  const d = new FrameDecoder();
  const got = [...d.push(bytes.subarray(0, 17)), ...d.push(bytes.subarray(17))];
  assert.deepEqual(got, [f, { command: 'RECEIPT', headers: { 'receipt-id': 'x\ny' }, body: '' }]);
});

test('get_job for a task, then kill_task: the job of that task runs and is killed with 1144; the other task\'s job stays', async () => {
  const scn = await createScenario({
    jobs: [
      { transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest', taskID: 111 },
      { transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest', taskID: 222 },
    ],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 3 },
    configSections: { Message_broker: { url: '127.0.0.1', receiver_port: broker.stompPort } },
    emulator: { credentials: { userSecrets: { MB_USERNAME: 'guest', MB_PASSWORD: 'guest', OTHER: 'not sent' } } },
  });
  const sender = await StompSubscription.open({ host: '127.0.0.1', port: broker.stompPort, login: 'guest', passcode: 'guest', destination: '/queue/test-sender', vhost: '/' }, () => undefined);
  try {
    const run = startPilot(scn, ['--subscribe-to-msgsvc']);
    let out = '';
    run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('subscribed to the message service'), 60_000, 'the pilot subscribed');
    assert.equal(scn.emulator.requests.filter((r) => r.method === 'getJob').length, 0, 'no getJob before a get_job message');
    sender.send('/topic/panda.pilot', JSON.stringify({ msg_type: 'get_job', taskid: 222 }));
    const [j111, j222] = scn.emulator.jobs();
    const workdir = path.join(scn.launchDir, `PanDA_Pilot-${j222.PandaID}`);
    await waitFor(() => existsSync(path.join(workdir, 'daemon.pid')), 60_000, 'the task 222 job runs');
    const pid = Number(readFileSync(path.join(workdir, 'payload.pid'), 'utf8'));
    sender.send('/topic/panda.pilot', JSON.stringify({ msg_type: 'kill_task', taskid: 222 }));
    const res = await run.done;
    const fin = scn.emulator.updates(j222.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1144);
    assert.equal(alive(pid), false, 'the payload was killed');
    assert.equal(scn.emulator.job(j111.PandaID)!.jobStatus, 'activated', 'the other task is untouched');
    assert.notEqual(res.code, null);
    assert.doesNotMatch(res.stdout + res.stderr, /guest/, 'the broker login is not logged');
  } finally {
    sender.close();
    await scn.close();
  }
});

test('STOMP subscription: open() resolves only once the broker confirms the SUBSCRIBE with its receipt', async () => {
  const { createServer } = await import('node:net');
  const frames: Array<{ command: string; headers: Record<string, string> }> = [];
  let answer: (() => void) | undefined;
  const subscribed = new Promise<void>((r) => (answer = r));
  const server = createServer((socket) => {
    const d = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const f of d.push(chunk)) {
        frames.push(f);
        if (f.command === 'CONNECT') socket.write(encodeFrame({ command: 'CONNECTED', headers: { version: '1.2', server: 'fake/1' }, body: '' }));
        if (f.command === 'SUBSCRIBE') answer!();
      }
    });
    // the receipt goes out when the test says so
    void subscribed.then(() => held.then(() => socket.write(encodeFrame({ command: 'RECEIPT', headers: { 'receipt-id': frames.find((f) => f.command === 'SUBSCRIBE')!.headers.receipt }, body: '' }))));
  });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    let resolved = false;
    const opening = StompSubscription.open({ host: '127.0.0.1', port, login: 'u', passcode: 'p', destination: '/topic/x' }, () => undefined).then((s) => {
      resolved = true;
      return s;
    });
    await subscribed;
    // the SUBSCRIBE is on the broker's side, unconfirmed: open() must still be waiting
    await new Promise((r) => setImmediate(r));
    assert.equal(resolved, false, 'not resolved before the receipt');
    assert.ok(frames.find((f) => f.command === 'SUBSCRIBE')!.headers.receipt, 'SUBSCRIBE asks for a receipt');
    release();
    const sub = await opening;
    assert.equal(sub.server, 'fake/1');
    sub.close();
  } finally {
    server.close();
  }
});
