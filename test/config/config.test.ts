/** default.cfg loading, HARVESTER_PILOT_CONFIG override, configparser-compatible syntax, typed getters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PilotError } from '../../src/common/errors.js';
import { PILOT_MAIN } from '../../src/demo/scenario.js';
import { defaultConfigPath, loadConfig, parseIni, PilotConfig } from '../../src/config/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'cfg-'));

describe('default.cfg', () => {
  const cfg = loadConfig({ env: {} });

  it('is found next to the build and has Pilot 3 sections', () => {
    assert.equal(cfg.path, defaultConfigPath());
    assert.deepEqual(cfg.sections(), ['Experiment', 'Pilot', 'Information', 'Payload', 'Container', 'Harvester', 'HPC', 'File', 'Rucio', 'Message_broker', 'Token', 'Workernode']);
  });

  it('has Pilot 3 values, read through the typed getters', () => {
    assert.equal(cfg.get('Pilot', 'pandaserver'), 'https://pandaserver.cern.ch:25443');
    assert.equal(cfg.getInt('Pilot', 'heartbeat'), 1800);
    assert.equal(cfg.getInt('Pilot', 'http_maxtime'), 120);
    assert.equal(cfg.getInt('Pilot', 'update_sleep'), 120);
    assert.equal(cfg.getFloat('Pilot', 'load_factor'), 1.2);
    assert.equal(cfg.getBool('Pilot', 'ssl_enable'), true);
    assert.equal(cfg.getBool('Pilot', 'enable_delay_to_get_job'), false);
    assert.equal(cfg.get('Pilot', 'utility_before_payload'), '');
    assert.equal(cfg.get('Pilot', 'free_space_limit'), '2 GB');
    assert.equal(cfg.get('Harvester', 'kill_worker_file'), 'kill_worker');
    assert.equal(cfg.get('Information', 'queuedata_url'), 'http://pandaserver.cern.ch:25085/cache/schedconfig/{pandaqueue}.all.json');
    assert.match(cfg.get('Payload', 'memory_limits'), /^\{'MCORE': 2000, .*'SCORE_VHIMEM': None\}$/);
    assert.equal(cfg.get('Token', 'download_check'), '3600');
    assert.equal(cfg.has('Information', 'acopytools'), false, 'commented out');
  });

  it('value() converts like Pilot 3 (bool, None, digits, else string)', () => {
    assert.equal(cfg.value('Pilot', 'payload_proxy_from_server'), true);
    assert.equal(cfg.value('Pilot', 'ssl_verify'), false);
    assert.equal(cfg.value('Pilot', 'lost_heartbeat'), 10800);
    assert.equal(cfg.value('Pilot', 'load_factor'), '1.2');
    assert.equal(cfg.value('Pilot', 'testtransfertype'), 'NULL');
  });

  it('keys are case-insensitive, sections are not', () => {
    assert.equal(cfg.get('Pilot', 'PilotLog'), 'pilotlog.txt');
    assert.equal(cfg.has('pilot', 'pilotlog'), false);
  });

  it('missing keys throw a clear error unless a fallback is given', () => {
    assert.throws(() => cfg.get('Pilot', 'no_such_key'), (e: unknown) =>
      e instanceof PilotError && /key "no_such_key" is not set in section \[Pilot\]/.test(e.diag));
    assert.throws(() => cfg.getInt('Nope', 'x'), (e: unknown) => e instanceof PilotError && /section \[Nope\] does not exist/.test(e.diag));
    assert.equal(cfg.get('Pilot', 'no_such_key', 'fb'), 'fb');
    assert.equal(cfg.getInt('Pilot', 'no_such_key', 7), 7);
    assert.equal(cfg.getBool('Pilot', 'no_such_key', false), false);
    assert.throws(() => cfg.getInt('Pilot', 'free_space_limit'), /is not an integer/);
    assert.throws(() => cfg.getBool('Pilot', 'pilotlog'), /is not a boolean/);
    assert.throws(() => cfg.getFloat('Pilot', 'pilotlog'), /is not a number/);
  });
});

describe('HARVESTER_PILOT_CONFIG', () => {
  it('replaces default.cfg when the file exists, with configparser syntax and $VAR values', () => {
    const dir = tmp();
    const path = join(dir, 'site.cfg');
    writeFileSync(path, [
      '# site config', '; other comment style',
      '[Pilot]', 'PandaServer = http://127.0.0.1:8080', 'heartbeat: 30', 'proxydir: $X509_DIR', 'home = ${HOME_DIR}',
      '  # indented comment', 'multi: first', '   second line', '', '   third', 'empty =',
      '[Harvester]', 'kill_worker_file: kill_worker.json',
    ].join('\n'));
    const cfg = loadConfig({ env: { HARVESTER_PILOT_CONFIG: path, X509_DIR: '/grid', HOME_DIR: '/home/p' } });
    assert.equal(cfg.path, path);
    assert.equal(cfg.get('Pilot', 'pandaserver'), 'http://127.0.0.1:8080');
    assert.equal(cfg.getInt('Pilot', 'heartbeat'), 30);
    assert.equal(cfg.get('Pilot', 'proxydir'), '/grid');
    assert.equal(cfg.get('Pilot', 'home'), '/home/p');
    assert.equal(cfg.get('Pilot', 'multi'), 'first\nsecond line\n\nthird');
    assert.equal(cfg.get('Pilot', 'empty'), '');
    assert.equal(cfg.get('Harvester', 'kill_worker_file'), 'kill_worker.json');
    assert.equal(cfg.has('Payload', 'jobreport'), false, 'the override replaces the whole file');
  });

  it('a missing override file falls back to default.cfg', () => {
    const cfg = loadConfig({ env: { HARVESTER_PILOT_CONFIG: '/nonexistent/x.cfg' } });
    assert.equal(cfg.path, defaultConfigPath());
  });

  it('an undefined $VAR fails at load time', () => {
    const path = join(tmp(), 'bad.cfg');
    writeFileSync(path, '[Pilot]\nx: $NOT_DEFINED_ANYWHERE\n');
    assert.throws(() => loadConfig({ path, env: {} }), (e: unknown) => e instanceof PilotError && /NOT_DEFINED_ANYWHERE, which is not defined/.test(e.diag));
  });

  it('a syntax error names the file and line', () => {
    const path = join(tmp(), 'broken.cfg');
    writeFileSync(path, '[Pilot]\na: 1\na: 2\n');
    assert.throws(() => loadConfig({ path, env: {} }), (e: unknown) => e instanceof PilotError && /broken\.cfg, line 3: option "a" already exists/.test(e.diag));
    writeFileSync(path, 'a: 1\n');
    assert.throws(() => loadConfig({ path, env: {} }), /line 1: no section header/);
  });

  it('the pilot started on a HARVESTER_PILOT_CONFIG with a duplicate key exits 1 with one clear line, no stack trace', () => {
    const path = join(tmp(), 'dup.cfg');
    writeFileSync(path, '[Pilot]\nheartbeat: 60\nheartbeat: 90\n');
    const res = spawnSync(process.execPath, [PILOT_MAIN, '--pilot-user', 'generic', '-q', 'Q', '-z'], { env: { ...process.env, HARVESTER_PILOT_CONFIG: path }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /^panda-pilot: configuration error: .*dup\.cfg, line 3: option "heartbeat" already exists/);
    assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
  });
});

describe('INI interpolation and DEFAULT', () => {
  it('resolves %(key)s from the section and DEFAULT, and %% to %', () => {
    const data = parseIni('[DEFAULT]\nbase: /opt\n[A]\ndir = %(base)s/pilot\nlog: %(dir)s/log\npct: 100%%\n');
    const cfg = new PilotConfig(data, '<test>', {});
    assert.equal(cfg.get('A', 'log'), '/opt/pilot/log');
    assert.equal(cfg.get('A', 'pct'), '100%');
    assert.equal(cfg.get('A', 'base'), '/opt');
    assert.deepEqual(cfg.sections(), ['A']);
  });
});
