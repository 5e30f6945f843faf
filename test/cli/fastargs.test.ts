/** The bundle's command-line fast path gives argparse's result for plain command lines and declines the rest. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import argparse from 'argparse';
import { createPilotArgParser, parsePilotArgs } from '../../src/cli/args.js';
import { actionTable, fastParse } from '../../src/cli/fastargs.js';

const table = actionTable(createPilotArgParser() as never, argparse.SUPPRESS);
const REQUIRED = ['--pilot-user', 'generic', '-q', 'Q'];
// a valid value per type (and per option with choices)
const VALUE: Record<string, string> = { int: '42', str2bool: 'False', validateResourceType: 'MCORE', validateSlots: '3' };

function same(argv: string[]): void {
  const fast = fastParse(argv, table);
  assert.ok(fast, `fast path declined a plain command line: ${argv.join(' ')}`);
  assert.deepEqual(fast, { ...parsePilotArgs(argv, { exitOnError: false }) }, argv.join(' '));
}

describe('command-line fast path', () => {
  it('every option, by every spelling, parses as argparse parses it', () => {
    same(REQUIRED);
    for (const a of table) {
      if (a.kind === 'other') continue;
      for (const flag of a.flags) {
        if (a.kind !== 'store') same([...REQUIRED, flag]);
        else same([...REQUIRED, flag, a.choices?.[1] ?? (a.type ? VALUE[a.type] : 'some-value')]);
      }
    }
    // a pilot's usual command line, repeated options (last wins), empty values
    same(['--pilot-user', 'generic', '-q', 'DEMO', '-w', 'generic', '-j', 'ptest', '--url', 'http://127.0.0.1', '-p', '8080', '-t', '-y', '-b', '-d', '-g', 'http://x/trf']);
    same([...REQUIRED, '-p', '1', '-p', ' 2_000 ', '--url', '', '--resource-type', '', '--cleanup', 'YES']);
  });

  it('declines what only argparse may decide (help, abbreviations, --opt=value, bad values, missing options)', () => {
    for (const argv of [
      ['-h'], [...REQUIRED, '--help'], ['--pilot-u', 'generic', '-q', 'Q'], [...REQUIRED, '--url=http://x'], [...REQUIRED, '-p8080'],
      [...REQUIRED, '-p', 'x'], [...REQUIRED, '-p', '-5'], [...REQUIRED, '-w', 'bogus'], ['--pilot-user', 'generic'], [...REQUIRED, '--resource-type', 'XCORE'],
      [...REQUIRED, '--multi-job-slots', '0'], [...REQUIRED, '--cleanup', 'maybe'], [...REQUIRED, 'stray'], [...REQUIRED, '--'], [...REQUIRED, '-tyb'], [...REQUIRED, '--url'],
    ]) assert.equal(fastParse(argv, table), undefined, argv.join(' '));
  });

  it('the option absent unless given stays absent (--multi-job-slots)', () => {
    assert.ok(!('multi_job_slots' in fastParse(REQUIRED, table)!));
  });
});
