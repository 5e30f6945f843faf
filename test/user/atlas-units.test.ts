// ATLAS plugin pieces without a pilot: the container decision when no image can be found, and
// the diagnosis of payload output and job reports.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorCodes } from '../../src/common/errors.js';
import { getPlugin } from '../../src/user/index.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a job with a platform and no image, no ALRB and no grid image for it: IMAGENOTFOUND, never uncontained', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'no-images-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'atlas.cern.ch/repo/containers/images/apptainer'), { recursive: true });
  const atlas = getPlugin('atlas');
  const job = { jobid: '1', transformation: 'Sim_tf.py', jobparams: '', workdir: root, platform: 'x86_64-el9-gcc13-opt' };
  const queue = { container_type: { pilot: 'apptainer' }, is_cvmfs: true };
  assert.throws(() => atlas.resolveContainer(job, queue as never, { env: { ATLAS_SW_BASE: root }, setupType: 'singularity' }), (e: { code?: number }) => e.code === 1360);
  // With ALRB installed (and setup_type ALRB) the payload command itself starts the container.
  assert.equal(atlas.resolveContainer(job, { container_type: {} } as never, { env: { ATLAS_SW_BASE: root } }), undefined, 'no container wanted without a pilot container type');
  assert.throws(() => atlas.resolveContainer({ ...job, imagename: '/no/such/image' }, { container_type: {} } as never, { env: { ATLAS_SW_BASE: root } }), (e: { code?: number }) => e.code === 1384);
});

/** A work dir with the given payload files; returns its path. */
function workdir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), 'atlas-diag-'));
  dirs.push(d);
  for (const [n, c] of Object.entries(files)) writeFileSync(path.join(d, n), c);
  return d;
}

const report = (r: Record<string, unknown>) => JSON.stringify({ exitCode: 0, exitMsg: 'OK', files: { output: [{ subFiles: [{ name: 'AOD.1', nentries: 5 }] }] }, ...r });
const errorsOf = (messages: string[]) => ({ executor: [{ logfileReport: { details: { ERROR: messages.map((message) => ({ message })) } } }] });

test('ATLAS diagnosis: job report and payload output into pilot and exe error codes, as Pilot 3', async () => {
  const atlas = getPlugin('atlas');
  const diag = async (files: Record<string, string>, job: Record<string, unknown> = {}, exitCode: number | null = 0) => {
    const wd = workdir(files);
    const j = { jobid: '1', transformation: 'Reco_tf.py', jobparams: '', workdir: wd, outdata: [{ lfn: 'AOD.1' }], ...job };
    const out = atlas.interpretJobReport(j, await atlas.parseJobReport(wd), { exitCode });
    return { ...out, code: out.error?.code, outdata: j.outdata };
  };
  const E = ErrorCodes;
  const ok = await diag({ 'jobReport.json': report({ resource: { executor: { a: { dbTime: 1.5, dbData: 10, resimevents: 3 }, b: { dbTime: 2, dbData: 5 } } } }) });
  assert.deepEqual([ok.code, ok.nEvents, ok.dbTime, ok.dbData, ok.resimevents], [undefined, 5, 3.5, 15, 3], 'events summed over outputs, db figures over steps');
  assert.equal((await diag({})).code, E.NOPAYLOADMETADATA, 'production job without report');
  assert.equal((await diag({}, { transformation: 'http://x/runGen-00-00-02' })).code, undefined, 'analysis job need not write one');
  assert.equal((await diag({ 'jobReport.json': '{oops' })).code, E.INTERNALPILOTPROBLEM, 'malformed report');
  assert.equal((await diag({ 'jobReport.json': report({ exitCode: 65, exitMsg: 'Athena got a SIGSEGV signal' }) })).code, E.PAYLOADSIGSEGV);
  const badAlloc = await diag({ 'jobReport.json': report({ exitCode: 68, exitMsg: 'athena failed', ...errorsOf(['std::bad_alloc in event 12']) }) }, {}, 68);
  assert.deepEqual([badAlloc.code, badAlloc.exeErrorCode, badAlloc.exeErrorDiag], [E.BADALLOC, 68, 'athena failed']);
  const frontier = { executor: [{ logfileReport: { details: { ERROR: [{ message: 'x', moreDetails: { abnormalLines: { message0: 'WARNING Cannot find a valid frontier connection to atlasfrontier' } } }] } } }] };
  const f = await diag({ 'jobReport.json': report(frontier) });
  assert.deepEqual([f.code, f.error?.diag], [E.FRONTIER, 'Frontier error: Cannot find a valid frontier connection to atlasfrontier']);
  assert.equal((await diag({ 'jobReport.json': report({ files: { output: [{ subFiles: [] }] } }) })).code, E.MISSINGOUTPUTFILE, 'output not in the report');
  const allowed = await diag({ 'jobReport.json': report({ files: { output: [] } }) }, { allownooutput: 'AOD.1' });
  assert.deepEqual([allowed.code, allowed.outdata], [undefined, []], 'allowNoOutput: not staged out');
  assert.equal((await diag({ 'jobReport.json': report({}), 'payload.stdout': 'event 3\nstd::bad_alloc\n' })).code, E.PAYLOADOUTOFMEMORY);
  assert.equal((await diag({ 'jobReport.json': report({}), 'payload.stderr': 'write: No space left on device\n' })).code, E.NOLOCALSPACE);
  assert.equal((await diag({ 'jobReport.json': report({}), 'payload.stdout': 'AtlasSetup(FATAL): Fatal exception: no release\n' })).code, E.SETUPFATAL);
  assert.equal((await diag({ 'jobReport.json': report({ exitCode: 8 }) }, {}, 0)).code, E.UNKNOWNPAYLOADFAILURE, 'report exit code the process did not show');
  const summary = await diag({ 'AthSummary.txt': 'Files read: 1\nEvents Read:   120\nEvents Written: 118\n' }, { transformation: 'http://x/runAthena-00-00-12', outdata: [] });
  assert.deepEqual([summary.code, summary.nEvents, summary.nEventsW], [undefined, 120, 118], 'events from the Athena summary');
});
