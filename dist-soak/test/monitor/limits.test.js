import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, human2bytes, maxWorkdirBytes, memoryLimitKb, perCoreMemoryMB, resolveSettings, walltimeLimit, } from '../../src/monitor/limits.js';
test('human2bytes as Pilot 3 converts config sizes', () => {
    assert.equal(human2bytes('2 GB'), 2147483648);
    assert.equal(human2bytes('1 GB'), 1073741824);
    assert.equal(human2bytes('500 GB'), 500 * 1024 ** 3);
    assert.equal(human2bytes('0.5kilo'), 512);
    assert.equal(human2bytes('10'), 10);
    assert.throws(() => human2bytes('12 foo'));
});
test('settings come from the config [Pilot] section, with overrides on top', () => {
    const values = {
        memory_usage_verification_time: '30', looping_limit_default: '3600', looping_limit_min_default: '7200',
        free_space_limit_running: '2 GB', maximum_output_file_size: '1 GB', local_size_limit_stdout: '1024',
        maximum_input_file_sizes: '1000 MB',
    };
    const config = { get: (section, key) => (section === 'Pilot' ? values[key] : undefined) };
    const s = resolveSettings(config, { diskCheckPeriod: 0.2 });
    assert.equal(s.memoryCheckPeriod, 30);
    assert.equal(s.loopingLimit, 7200, 'the minimum default bounds the limit');
    assert.equal(s.freeSpaceLimit, 2 * 1024 ** 3);
    assert.equal(s.maxOutputFileSize, 1024 ** 3);
    assert.equal(s.stdoutSizeLimit, 1024 * 1024);
    assert.equal(s.maxInputFileSizesMB, 1000);
    assert.equal(s.diskCheckPeriod, 0.2);
    assert.equal(s.loopingCheckPeriod, DEFAULT_SETTINGS.loopingCheckPeriod);
    const throwing = { get: () => { throw new Error('no such key'); } };
    assert.deepEqual(resolveSettings(throwing), DEFAULT_SETTINGS);
});
test('memory limit: per-core table x cores x grace, VHIMEM from maxrss, minramcount fallback', () => {
    const queue = { maxrss: 16000, corecount: 8, pilot_rss_grace: 2.0 };
    assert.equal(memoryLimitKb({ corecount: 8 }, queue, 'MCORE'), 2 * 2000 * 8 * 1024);
    assert.equal(memoryLimitKb({ corecount: 1 }, queue, 'SCORE_HIMEM'), 2 * 3000 * 1024);
    assert.equal(memoryLimitKb({ corecount: 2 }, queue, 'SCORE_VHIMEM'), 2 * (16000 / 8) * 2 * 1024);
    assert.equal(memoryLimitKb({ corecount: 8 }, queue, 'MCORE_VHIMEM'), 2 * 16000 * 1024);
    const table = { SCORE: { maxrampercore: 50 }, MCORE: {} };
    assert.equal(memoryLimitKb({ corecount: 1 }, { maxrss: 0, pilot_rss_grace: 1 }, 'SCORE', { resourceTypes: table }), 50 * 1024);
    assert.equal(perCoreMemoryMB('MCORE', table), 4001, 'entry without maxrampercore');
    assert.equal(perCoreMemoryMB('SCORE_XYZ'), 4001);
    // No maxrss (Pilot 3's int() fails) → minramcount, rounded up to 1000 MB on pull queues.
    assert.equal(memoryLimitKb({ minramcount: 1500 }, { pilot_rss_grace: 1.5 }, 'SCORE'), Math.trunc(1.5 * 2000 * 1024));
    assert.equal(memoryLimitKb({ minramcount: 1500 }, { pilot_rss_grace: 1.5 }, 'SCORE', { pushQueue: true }), Math.trunc(1.5 * 1500 * 1024));
    assert.equal(memoryLimitKb({}, {}, 'SCORE'), undefined);
    assert.equal(memoryLimitKb({ minramcount: 1000 }, undefined, undefined), 2 * 1000 * 1024, 'grace defaults to 2');
});
test('work dir limit: maxwdir MB / queue cores for single-core jobs x grace', () => {
    const s = DEFAULT_SETTINGS;
    assert.equal(maxWorkdirBytes({ corecount: 8 }, { maxwdir: 16336, corecount: 8, pilot_maxwdir_grace: 1.2 }, s), Math.trunc(16336 * 1024 * 1024 * 1.2));
    assert.equal(maxWorkdirBytes({ corecount: 1 }, { maxwdir: 16336, corecount: 8 }, s), Math.trunc(Math.floor(16336 * 1024 * 1024 / 8) * 1.2));
    assert.equal(maxWorkdirBytes({ corecount: 1 }, { maxwdir: '', params: { pilot_maxwdir_grace: 50 } }, s), Math.trunc(14336 * 1024 * 1024 * 1.5));
});
test('wall time: job maxwalltime with grace when the queue asks, else maxtime/lifetime minus grace', () => {
    const base = { lifetime: 1000, grace: 180, pilotStart: 1_000_000, jobStart: 2_000_000 };
    const job = walltimeLimit({ maxwalltime: 100 }, { params: { job_maxwalltime: true }, pilot_walltime_grace: 1.5 }, base);
    assert.equal(job.deadline, 2_000_000 + 150_000);
    assert.equal(walltimeLimit({ maxwalltime: 100 }, { maxtime: 600 }, base).deadline, 1_000_000 + 420_000);
    assert.equal(walltimeLimit({}, { maxtime: 0 }, base).deadline, 1_000_000 + 820_000, 'maxtime 0 → lifetime');
    assert.equal(walltimeLimit({}, undefined, { ...base, lifetime: 100 }).deadline, 1_000_000 + 100_000, 'no grace in the first 180 s');
    assert.equal(walltimeLimit({}, undefined, { ...base, lifetime: 300 }).deadline, 1_000_000 + 180_000);
});
//# sourceMappingURL=limits.test.js.map