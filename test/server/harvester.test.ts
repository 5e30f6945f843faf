/** HarvesterFileClient with real files: job definition files in, worker attributes / stage-out declaration out. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PilotError } from '../../src/common/errors.js';
import { loadConfig } from '../../src/config/index.js';
import { HarvesterFileClient, isHarvesterMode, timeStamp, writeJsonFile } from '../../src/server/index.js';
import { pyFloat } from '../../src/common/pyliteral.js';
import { parsePilotArgs } from '../../src/cli/args.js';

function layout() {
  const root = mkdtempSync(join(tmpdir(), 'harv-'));
  const dirs = { root, source: join(root, 'launch'), home: join(root, 'launch', 'PanDA_Pilot3_1_2'), access: join(root, 'access') };
  for (const d of [dirs.source, dirs.home, dirs.access]) mkdirSync(d, { recursive: true });
  return dirs;
}
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

describe('Harvester mode detection', () => {
  it('follows Pilot 3 is_harvester_mode', () => {
    const base = ['--pilot-user', 'generic', '-q', 'Q'];
    assert.equal(isHarvesterMode(parsePilotArgs([...base, '--harvester-workdir', '/x', '-z']), {}), true);
    assert.equal(isHarvesterMode(parsePilotArgs([...base, '--harvester-workdir', '/x']), {}), false);
    assert.equal(isHarvesterMode(parsePilotArgs([...base, '--harvester-workerattributes', 'w.json', '-z']), {}), true);
    assert.equal(isHarvesterMode(parsePilotArgs([...base, '--harvester-submit-mode', 'push']), { HARVESTER_ID: 'h' }), true);
    assert.equal(isHarvesterMode(parsePilotArgs(base), { HARVESTER_ID: 'h' }), false);
  });
});

describe('HarvesterFileClient', () => {
  it('reads HPCJobs.json from the Harvester workdir, keeps a copy as job_definition.json and removes the request file', async () => {
    const d = layout();
    writeFileSync(join(d.access, 'HPCJobs.json'), JSON.stringify({ 6543210987: { PandaID: 6543210987, jobPars: 'x', inFiles: '' } }));
    writeFileSync(join(d.home, 'worker_requestjob.json'), '{"nJobs": 1}');
    const c = new HarvesterFileClient({ pilotHome: d.home, sourceDir: d.source, harvesterWorkdir: d.access, harvester: true, env: {} });
    const job = await c.getJob({});
    assert.deepEqual(job, { jobid: '6543210987', PandaID: 6543210987, jobPars: 'x', inFiles: '' });
    assert.ok(!existsSync(join(d.access, 'HPCJobs.json')));
    assert.ok(existsSync(join(d.home, 'job_definition.json')));
    assert.ok(!existsSync(join(d.home, 'worker_requestjob.json')));
    assert.deepEqual(await c.getJob({}), {}, 'no file → no job');
  });

  it('reads a URL-encoded pandaJobData.out next to the launch dir, keeping blank values', async () => {
    const d = layout();
    writeFileSync(join(d.root, 'pandaJobData.out'), 'PandaID=12&inFiles=&jobPars=a+b%3Dc');
    const c = new HarvesterFileClient({ pilotHome: d.home, sourceDir: d.source, harvester: false, env: {} });
    assert.deepEqual(await c.getJob({}), { PandaID: '12', inFiles: '', jobPars: 'a b=c' });
    assert.ok(!existsSync(join(d.root, 'pandaJobData.out')));
  });

  it('an empty job definition file is a FILEHANDLINGFAILURE', async () => {
    const d = layout();
    writeFileSync(join(d.source, 'pandaJobData.out'), '');
    const c = new HarvesterFileClient({ pilotHome: d.home, sourceDir: d.source, harvester: false, env: {} });
    await assert.rejects(c.getJob({}), (e: unknown) => e instanceof PilotError && e.code === 1303 && /empty job definition/.test(e.diag));
  });

  it('writes worker_attributes.json on updates and the stage-out declaration + trimmed job report on the final one', async () => {
    const d = layout();
    const workdir = join(d.access, 'PanDA_Pilot-77');
    mkdirSync(join(workdir, 'sub'), { recursive: true });
    writeFileSync(join(workdir, 'log.tgz'), 'L');
    writeFileSync(join(workdir, 'sub', 'out.root'), 'OUT');
    writeFileSync(join(workdir, 'jobReport.json'), JSON.stringify({ exitCode: 0, executor: [{ name: 'a', logfileReport: { big: 1 } }] }));
    const c = new HarvesterFileClient({ pilotHome: d.home, harvesterWorkdir: d.access, harvester: true, env: {}, config: loadConfig({ env: {} }) });

    const beat = { jobId: '77', state: 'running', xml: '', node: 'n' };
    assert.deepEqual(await c.updateJob(beat), { StatusCode: 0 });
    const attrs = readJson(join(d.access, 'worker_attributes.json'));
    assert.equal(attrs.jobStatus, 'running');
    assert.equal(attrs.xml, undefined);
    assert.match(String(attrs.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.deepEqual(Object.keys(attrs), [...Object.keys(attrs)].sort(), 'keys sorted like Python write_json');
    assert.ok(!existsSync(join(d.access, 'event_status.dump.json')));

    const job = {
      jobid: '77', workdir,
      logdata: [{ lfn: 'log.tgz', type: 'log', guid: 'g-log', filesize: 1, checksum: { adler32: '00000001' } }],
      outdata: [
        { lfn: 'out.root', type: 'output', guid: 'g-out', filesize: '3', checksum: { adler32: 'abcd0123' }, status: 'transferred' },
        { lfn: 'missing.root', type: 'output', guid: 'g-m', filesize: 0, status: 'failed' },
      ],
    };
    await c.updateJob({ jobId: '77', state: 'finished', xml: '{}' }, { final: true, job });
    assert.equal(readJson(join(d.access, 'worker_attributes.json')).jobStatus, 'finished');
    assert.deepEqual(readJson(join(d.access, 'event_status.dump.json')), {
      77: [
        { chksum: '00000001', fsize: 1, guid: 'g-log', path: join(workdir, 'log.tgz'), type: 'log' },
        { chksum: 'abcd0123', fsize: 3, guid: 'g-out', path: join(workdir, 'sub', 'out.root'), type: 'output' },
      ],
    });
    assert.deepEqual(readJson(join(d.access, 'jobReport.json')), { exitCode: 0, executor: [{ name: 'a', logfileReport: {} }] });
  });

  it('without Harvester mode the update goes to heartbeat.json; request/kill files are written on demand', async () => {
    const d = layout();
    const c = new HarvesterFileClient({ pilotHome: d.home, harvester: false, env: {} });
    await c.updateJob({ jobId: '5', state: 'starting' });
    assert.deepEqual(readJson(join(d.home, 'heartbeat.json')), { jobId: '5', state: 'starting' });
    c.requestNewJobs();
    assert.deepEqual(readJson(join(d.home, 'worker_requestjob.json')), { nJobs: 1 });
    const kill = c.killWorker();
    assert.equal(kill, join(d.home, 'kill_worker'));
    assert.equal(readFileSync(kill, 'utf8'), '');
  });

  it('a final update with nothing to declare fails', async () => {
    const d = layout();
    const c = new HarvesterFileClient({ pilotHome: d.home, harvester: true, env: {} });
    await assert.rejects(c.updateJob({ jobId: '1', state: 'failed' }, { final: true, job: { jobid: '1', workdir: d.home, logdata: [], outdata: [] } }),
      (e: unknown) => e instanceof PilotError && e.code === 1303);
  });

  it('JSON files are written byte for byte as Pilot 3 write_json (sorted, indent 4, non-ASCII escaped, Python floats)', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'wj-')), 'x.json');
    writeJsonFile(f, { b: 'é', a: { startTime: pyFloat(1700000000), l: [1, [], {}] } });
    // json.dump(..., sort_keys=True, indent=4, separators=(',', ': ')) in python3
    assert.equal(readFileSync(f, 'utf8'), '{\n    "a": {\n        "l": [\n            1,\n            [],\n            {}\n        ],\n        "startTime": 1700000000.0\n    },\n    "b": "\\u00e9"\n}');
  });

  it('timeStamp has the local UTC offset', () => {
    const s = timeStamp(new Date(Date.UTC(2026, 2, 10, 15, 10, 6)));
    const off = -new Date(Date.UTC(2026, 2, 10, 15, 10, 6)).getTimezoneOffset();
    const sign = off >= 0 ? '+' : '-';
    assert.ok(s.endsWith(`${sign}${String(Math.trunc(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`), s);
  });
});
