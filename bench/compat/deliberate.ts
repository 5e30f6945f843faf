/**
 * Differences from Pilot 3 we keep on purpose, each with why ours is better. The compat test and
 * `npm run compat` report them apart from real differences; the README lists them.
 */
import type { Deliberate } from './diff.js';

const MEMORY_FIELDS = [
  'maxRSS', 'maxVMEM', 'maxSWAP', 'maxPSS', 'avgRSS', 'avgVMEM', 'avgSWAP', 'avgPSS',
  'totRCHAR', 'totWCHAR', 'totRBYTES', 'totWBYTES', 'rateRCHAR', 'rateWCHAR', 'rateRBYTES', 'rateWBYTES',
];

const MEMORY_REASON =
  "Pilot 3's generic user runs no memory monitor, so its updates carry no memory figures; ours measures every payload " +
  '(the figures prmon writes, from /proc) and sends them, as Pilot 3 does for ATLAS: the server stores them for every job, ' +
  'and they are what memory failures are diagnosed with';

const KILLED_REASON =
  "a killed job (SIGTERM, tobekilled): two Pilot 3 threads race to send its final update, the job monitor's (xml and metaData " +
  "empty) and the log stage-out's (the log in xml, no metaData), in either order or only one of them; ours stages the log out " +
  'first and sends one final update that reports it, so the server always registers the log of the jobs whose cause must be read';

export const DELIBERATE: Deliberate[] = [
  {
    field: 'workdir',
    where: ['traces'],
    kind: 'missing',
    reason:
      "Pilot 3 means to strip its internal workdir key from a trace but its string replacement misses the key when it comes " +
      'last; we never send local paths to Rucio',
  },
  ...MEMORY_FIELDS.map((field): Deliberate => ({ field, where: ['job'], kind: 'extra', reason: MEMORY_REASON })),
  {
    field: 'jobMetrics',
    where: ['job'],
    kind: 'extra',
    reason:
      "Pilot 3's generic user sends no jobMetrics (its hook is not implemented); ours sends the keys Pilot 3's ATLAS user sends " +
      'whenever their values are known (actualCoreCount, the leak fit, workDirSize), useful for every experiment',
  },
  {
    field: 'xml',
    where: ['job 1 failed'],
    kind: 'value',
    pilot3Has: '',
    reason: KILLED_REASON,
  },
  {
    field: 'metaData',
    where: ['job 1 failed'],
    kind: 'missing',
    pilot3Has: '',
    reason: KILLED_REASON,
  },
];
