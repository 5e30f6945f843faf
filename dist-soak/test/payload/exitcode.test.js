import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnPayload, analyzePayloadExit, interpretExitCode, resolveTransformError } from '../../src/payload/index.js';
import { ErrorCodes, errorMessage } from '../../src/common/errors.js';
let dir;
let n = 0;
before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pp-exit-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
/** Run a real bash payload in a fresh work dir and analyse it as the job runner will. */
async function run(script, files = {}, opts = {}) {
    const wd = join(dir, `w${n++}`);
    mkdirSync(wd);
    for (const [k, v] of Object.entries(files))
        writeFileSync(join(wd, k), v);
    const p = spawnPayload({ command: script, cwd: wd, stdoutPath: join(wd, 'payload.stdout'), stderrPath: join(wd, 'payload.stderr') });
    if (opts.killAfterMs !== undefined)
        setTimeout(() => void p.kill(200), opts.killAfterMs);
    const ex = await p.exited;
    return { wd, pid: p.pid, ex, res: await analyzePayloadExit({ workdir: wd, ...ex, pid: p.pid }) };
}
test('resolve_transform_error table (exit codes and container stderr only on exit 0)', () => {
    const cases = [
        [0, '', 0],
        [1, '', ErrorCodes.PAYLOADEXECUTIONFAILURE],
        [2, '', ErrorCodes.LSETUPTIMEDOUT],
        [3, '', ErrorCodes.REMOTEFILEOPENTIMEDOUT],
        [251, '', ErrorCodes.UNKNOWNTRFFAILURE],
        [-1, '', ErrorCodes.UNKNOWNTRFFAILURE],
        [1367, '', ErrorCodes.COMMANDTIMEDOUT],
        [137, '', ErrorCodes.PAYLOADEXECUTIONFAILURE],
        [-9, '', ErrorCodes.PAYLOADEXECUTIONFAILURE],
        [0, 'FATAL: Not mounting requested bind point', ErrorCodes.SINGULARITYBINDPOINTFAILURE],
        [0, 'No more available loop devices', ErrorCodes.SINGULARITYNOLOOPDEVICES],
        [0, 'Failed to mount image x', ErrorCodes.SINGULARITYIMAGEMOUNTFAILURE],
        [0, 'error: while mounting', ErrorCodes.SINGULARITYIMAGEMOUNTFAILURE],
        [0, 'Operation not permitted', ErrorCodes.SINGULARITYGENERALFAILURE],
        [0, 'Failed to create user namespace', ErrorCodes.SINGULARITYFAILEDUSERNAMESPACE],
        [0, 'Singularity is not installed', ErrorCodes.SINGULARITYNOTINSTALLED],
        [0, 'Apptainer is not installed', ErrorCodes.APPTAINERNOTINSTALLED],
        // Non-container patterns never override, and nothing overrides a non-zero exit.
        [0, 'No such file or directory', 0],
        [0, 'cannot create directory', 0],
        [1, 'Apptainer is not installed', ErrorCodes.PAYLOADEXECUTIONFAILURE],
        [2, 'Operation not permitted', ErrorCodes.LSETUPTIMEDOUT],
    ];
    for (const [exit, stderr, code] of cases)
        assert.equal(resolveTransformError(exit, stderr).code, code, `${exit} ${stderr}`);
});
test('interpretExitCode: transExitCode modulo 255, signals, error report, container runtime lines', () => {
    assert.deepEqual(interpretExitCode(0, null, ''), { transExitCode: 0, exeErrorCode: 0, exeErrorDiag: '', pilotErrorCode: 0, diag: '', returnCode: 0 });
    assert.equal(interpretExitCode(255, null, '').transExitCode, 0);
    assert.equal(interpretExitCode(256 + 10, null, '').transExitCode, 11);
    const sig = interpretExitCode(null, 'SIGKILL', '');
    assert.equal(sig.returnCode, -9);
    assert.equal(sig.transExitCode, 0);
    assert.equal(sig.pilotErrorCode, ErrorCodes.PAYLOADEXECUTIONFAILURE);
    assert.equal(interpretExitCode(null, null, '').pilotErrorCode, ErrorCodes.UNKNOWNTRFFAILURE);
    const rep = interpretExitCode(0, null, '', { errorReport: { error_code: 42, error_diag: 'bad input' } });
    assert.equal(rep.pilotErrorCode, ErrorCodes.PAYLOADEXECUTIONFAILURE);
    assert.equal(rep.exeErrorCode, 42);
    assert.equal(rep.exeErrorDiag, 'bad input');
    assert.equal(interpretExitCode(0, null, '', { errorReport: { error_code: 0 } }).pilotErrorCode, 0);
    // bwrap's own failure (exit 1) is a container code only when a container was used.
    const bw = "bwrap: Can't find source path /nope: No such file or directory\n";
    assert.equal(interpretExitCode(1, null, bw, { container: true }).pilotErrorCode, ErrorCodes.SINGULARITYBINDPOINTFAILURE);
    assert.equal(interpretExitCode(1, null, bw).pilotErrorCode, ErrorCodes.PAYLOADEXECUTIONFAILURE);
    assert.equal(interpretExitCode(0, null, '', { payloadCoreDump: true }).pilotErrorCode, ErrorCodes.COREDUMP);
});
test('real payloads: success, failures with stderr/CRITICAL diagnostics, exit 2 → lsetup timeout', async () => {
    const ok = await run('echo fine');
    assert.equal(ok.res.pilotErrorCode, 0);
    assert.equal(ok.res.transExitCode, 0);
    const err = await run('echo "WARNING: meh" >&2; echo "ERROR: disk on fire" >&2; exit 7');
    assert.equal(err.res.transExitCode, 7);
    assert.equal(err.res.pilotErrorCode, ErrorCodes.PAYLOADEXECUTIONFAILURE);
    assert.equal(err.res.diag, `${errorMessage(ErrorCodes.PAYLOADEXECUTIONFAILURE)}:disk on fire`);
    const crit = await run('echo "x CRITICAL something broke"; echo "ERROR: other" >&2; exit 1');
    assert.match(crit.res.diag, /x CRITICAL something broke$/);
    const warn = await run('echo "Warning: only a warning" >&2; exit 9');
    assert.match(warn.res.diag, /only a warning$/);
    const nf = await run('no-such-trf --x');
    assert.equal(nf.ex.exitCode, 127);
    assert.equal(nf.res.pilotErrorCode, ErrorCodes.PAYLOADEXECUTIONFAILURE);
    assert.match(nf.res.diag, /no-such-trf: command not found/);
    const two = await run('exit 2');
    assert.equal(two.res.pilotErrorCode, ErrorCodes.LSETUPTIMEDOUT);
    assert.equal(two.res.diag, errorMessage(ErrorCodes.LSETUPTIMEDOUT));
    const appt = await run('echo "Apptainer is not installed" >&2; exit 0');
    assert.equal(appt.res.pilotErrorCode, ErrorCodes.APPTAINERNOTINSTALLED);
});
test('real payloads: killed by a signal, error report file, core dumps', async () => {
    const killed = await run('exec sleep 30', {}, { killAfterMs: 100 });
    assert.equal(killed.ex.signal, 'SIGTERM');
    assert.equal(killed.res.pilotErrorCode, ErrorCodes.PAYLOADEXECUTIONFAILURE);
    assert.equal(killed.res.transExitCode, 0);
    const selfKill = await run('kill -9 $$');
    assert.equal(selfKill.res.returnCode, -9);
    const rep = await run('echo \'{"error_code": 13, "error_diag": "no events"}\' > payload_error_report.json; exit 0');
    assert.equal(rep.res.pilotErrorCode, ErrorCodes.PAYLOADEXECUTIONFAILURE);
    assert.equal(rep.res.exeErrorCode, 13);
    assert.equal(rep.res.exeErrorDiag, 'no events');
    // core.<payload pid> → COREDUMP and removed; a foreign core file is only removed.
    const core = await run('touch core.$$ core.1 core; exit 0');
    assert.equal(core.res.pilotErrorCode, ErrorCodes.COREDUMP);
    for (const f of [`core.${core.pid}`, 'core.1', 'core'])
        assert.equal(existsSync(join(core.wd, f)), false);
    const foreign = await run('touch core.1; exit 0');
    assert.equal(foreign.res.pilotErrorCode, 0);
    const dbg = join(dir, 'dbg');
    mkdirSync(dbg);
    writeFileSync(join(dbg, 'core.5'), '');
    assert.equal((await analyzePayloadExit({ workdir: dbg, exitCode: 0, signal: null, pid: 5, debug: true })).pilotErrorCode, 0);
    assert.equal(existsSync(join(dbg, 'core.5')), true);
});
//# sourceMappingURL=exitcode.test.js.map