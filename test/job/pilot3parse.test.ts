// Descriptions at the edge of Pilot 3's parser, run by the real pilot against the real PanDA
// emulator: one Pilot 3 cannot run (its parser raises), one it runs although its per-file lists
// have unexpected lengths (which we used to reject with NOTSAMELENGTH), with and without an input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { adler32Hex, DEMO_INPUT, DEMO_INPUT_BODY } from '../../src/demo/jobs.js';

const FAST = { heartbeat: 1, debug_heartbeat: 0.5, update_sleep: 0.3, getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2, kill_grace: 2 };
const DDM = 'DEMO_LOCAL';

test('Pilot 3 parser edge: a description it cannot run fails with UNKNOWNEXCEPTION 1301 and its log; odd list lengths run as in Pilot 3', async () => {
  const common = { StatusCode: 0, jobsetID: 1, taskID: 1, jobPars: '', prodSourceLabel: 'ptest', attemptNr: 1 };
  const scn = await createScenario({
    queueOverrides: { timefloor: 10 },
    jobs: [
      // Pilot 3 raises in prepare_outfiles: two outputs but one scopeOut entry ('Failed to extract scopeOut')
      {
        raw: {
          ...common, PandaID: 7100000001, transformation: 'ok.sh', inFiles: '', outFiles: 'a.root,b.root,log.7100000001.tgz', logFile: 'log.7100000001.tgz',
          scopeOut: 'demo', scopeLog: 'demo', realDatasets: 'd,d,dl', ddmEndPointOut: `${DDM},${DDM},${DDM}`, logGUID: '6E1C2B0A-0D8E-4C55-9C3A-2F1B0E4D5A61',
        },
      },
      // valid for Pilot 3, formerly NOTSAMELENGTH: sizes and checksums for inputs it does not have, an
      // extra scope, a short dataset list and an extra endpoint
      {
        raw: {
          ...common, PandaID: 7100000002, transformation: 'ok.sh', inFiles: '', fsize: '10,20', checksum: 'ad:00000001', GUID: 'x',
          outFiles: 'log.7100000002.tgz', logFile: 'log.7100000002.tgz', scopeOut: 'extra1,extra2', scopeLog: 'demo', realDatasets: '', ddmEndPointOut: `${DDM},EXTRA_DISK`,
          logGUID: '1D2C3B4A-5E6F-4A7B-8C9D-0E1F2A3B4C5D',
        },
      },
      // an input whose per-file lists are short (no GUID, no endpoint) or long (an extra size and token)
      {
        raw: {
          ...common, PandaID: 7100000003, transformation: 'ok.sh', inFiles: DEMO_INPUT, scopeIn: 'demo', checksum: `ad:${adler32Hex(DEMO_INPUT_BODY)}`,
          fsize: `${Buffer.byteLength(DEMO_INPUT_BODY)},999`, prodDBlockToken: 'NULL,NULL,NULL', realDatasetsIn: 'demo:ds,demo:other',
          outFiles: 'log.7100000003.tgz', logFile: 'log.7100000003.tgz', scopeOut: '', scopeLog: 'demo', realDatasets: 'dl', ddmEndPointOut: DDM,
          logGUID: '2A3B4C5D-6E7F-4A8B-9C0D-1E2F3A4B5C6D',
        },
      },
    ],
    inputs: { [DEMO_INPUT]: DEMO_INPUT_BODY },
    trfs: { 'ok.sh': '#!/bin/bash\necho ok\n' },
    config: FAST,
  });
  try {
    const res = await startPilot(scn, ['-x', '5']).done;
    assert.equal(res.code, 0, res.stdout.slice(-2000));

    const bad = scn.emulator.updates(7100000001).at(-1)?.params;
    assert.ok(bad, 'final update for the description Pilot 3 cannot run');
    assert.equal(bad.state, 'failed');
    assert.equal(Number(bad.pilotErrorCode), 1301, 'UNKNOWNEXCEPTION, as Pilot 3 classes an exception it did not anticipate');
    assert.match(String(bad.pilotErrorDiag), /scopeOut/);
    assert.ok(Object.keys(JSON.parse(String(bad.xml))).includes('log.7100000001.tgz'), `its log was staged out: ${bad.xml}`);

    const odd = scn.emulator.job(7100000002)!;
    assert.equal(odd.jobStatus, 'finished', JSON.stringify(scn.emulator.updates(7100000002).at(-1)?.params));
    const fin = scn.emulator.updates(7100000002).at(-1)!.params;
    assert.equal(Number(fin.pilotErrorCode ?? 0), 0);
    assert.ok(Object.keys(JSON.parse(String(fin.xml))).includes('log.7100000002.tgz'), `log staged out to the first endpoint: ${fin.xml}`);

    const withInput = scn.emulator.job(7100000003)!;
    assert.equal(withInput.jobStatus, 'finished', JSON.stringify(scn.emulator.updates(7100000003).at(-1)?.params));
  } finally {
    await scn.close();
  }
});
