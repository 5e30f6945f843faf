// What an operator sees when the server is not there, hangs, or has no job for the pilot: the
// real pilot against a refused port, a server that accepts and never answers, and the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { freePort } from '../support/xrootd.js';

const LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \| (DEBUG|INFO|WARNING|ERROR|CRITICAL) +\| \S+ +\| \S+ +\| /;

test('server never reached: said on stderr and in the log, exit 79 (COMMUNICATIONFAILURE)', async () => {
  const scn = await createScenario({ jobs: [] });
  try {
    const closed = await freePort();
    const res = await startPilot(scn, ['-p', String(closed)]).done;
    assert.equal(res.code, 79, res.stderr);
    assert.match(res.stderr, /^panda-pilot: PanDA server never reached: getJob to http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.* \(pilot error 1318, exit 79\)$/m);
    const log = readFileSync(path.join(scn.launchDir, 'pilotlog.txt'), 'utf8');
    assert.match(log, /\| ERROR +\| loop +\| jobLoop +\| PanDA server never reached/);
    // Pilot 3's layout on every line, the getJob parameters among them
    for (const line of log.trimEnd().split('\n')) assert.match(line, LINE);
    assert.match(log, /getJob request siteName=DEMO .*prodSourceLabel=ptest/);
  } finally {
    await scn.close();
  }
});

test('a server that accepts and never answers is logged while the pilot waits', async () => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => sockets.push(s)); // reads nothing, answers nothing
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as net.AddressInfo).port;
  const scn = await createScenario({ jobs: [], config: { http_maxtime: 1.5, http_connect_timeout: 1.5 } });
  try {
    const res = await startPilot(scn, ['-p', String(port)], { PANDA_PILOT_WAIT_LOG_S: '0.3' }).done;
    assert.equal(res.code, 79, res.stderr);
    const log = readFileSync(path.join(scn.launchDir, 'pilotlog.txt'), 'utf8');
    assert.match(log, /\| WARNING +\| server +\| \S+ +\| still waiting for the answer to getJob url=http:\/\/127\.0\.0\.1:\d+\/server\/panda\/getJob attempt=1 waitedS=\d+/);
    assert.match(log, /server call failed cmd=getJob .* ms=\d+ reason=/);
    assert.match(res.stderr, /PanDA server never reached: .*time/i);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
    await scn.close();
  }
});

test('no job for the label (-j ptest, the queue has managed jobs): each wait logged with its reason and length', async () => {
  const scn = await createScenario({ jobs: [{ transformation: 'x.sh' }], config: { getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2 } });
  try {
    const res = await startPilot(scn, ['-v', '2', '-x', '5']).done;
    assert.equal(res.code, 0, res.stderr);
    const log = readFileSync(path.join(scn.launchDir, 'pilotlog.txt'), 'utf8');
    assert.match(log, /\| INFO +\| loop +\| jobLoop +\| no job from the server reason="StatusCode 20[^"]*" failures=1\n/);
    assert.match(log, /\| jobLoop +\| waiting 0\.[12] s before the next getJob request reason="StatusCode 20[^"]*" waitS=0\.[12] request=2 maxRequests=2\n/);
  } finally {
    await scn.close();
  }
});
