/**
 * Seeded mutations of a job description, as a hostile or broken server would send them: fields
 * dropped, emptied, retyped, made huge, path escapes, shell metacharacters, comma lists out of
 * step. The same seed always gives the same descriptions.
 */

/** mulberry32: a small, fast, seedable PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DROP = Symbol('drop');

/** Hostile values, field-independent. */
const VALUES: unknown[] = [
  DROP, '', null, 0, -1, 1.5, 1e308, 'NaN', 'None', 'NULL', ' ', '\n', true, [], {}, [1, 'a'], { a: { b: 1 } },
  'a/b', '../../../../tmp/escape', '/etc/passwd', '..', '.', '~/x', 'a\0b', '$(touch fuzz-pwned)', '`id`',
  'x;touch fuzz-pwned', "a'b\"c", '%2e%2e%2f', '☃💥', 'a,b,,c', ',', '=', 'k=v k2', 'x'.repeat(5000), '9'.repeat(40),
  '{"json": [1,2]}', "{'py': None}", '--help', '-rf', 'http://127.0.0.1:1/x', 'root://evil//x', 'file:///etc/shadow',
];

/** Fields worth mutating (those of the base description plus ones a server may add). */
const EXTRA_FIELDS = ['scopeLog', 'logFile', 'logGUID', 'inFiles', 'outFiles', 'fsize', 'checksum', 'GUID', 'scopeIn', 'scopeOut', 'ddmEndPointIn', 'ddmEndPointOut', 'destinationSE', 'jobPars', 'transformation', 'coreCount', 'maxDiskCount', 'minRamCount', 'attemptNr', 'maxCpuCount', 'maxWalltime', 'homepackage', 'swRelease', 'cmtConfig', 'container_name', 'processingType', 'zipmap', 'writeToFile', 'prodDBlocks', 'realDatasets', 'dispatchDblock', 'jobsetID', 'taskID', 'accessmode', 'catchall', 'imagename', 'nucleus', 'pilotSecrets', 'dbData', 'altStageOut', 'requestType', 'currentPriority', 'ioIntensity'];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/** Change a comma list: drop, duplicate or corrupt one element. */
function listMutation(r: () => number, v: string): string {
  const parts = v.split(',');
  const i = Math.floor(r() * parts.length);
  switch (Math.floor(r() * 4)) {
    case 0:
      parts.splice(i, 1);
      break;
    case 1:
      parts.push(parts[i]!);
      break;
    case 2:
      parts[i] = String(pick(r, VALUES.filter((x) => typeof x === 'string')));
      break;
    default:
      parts.push('');
  }
  return parts.join(',');
}

/** One mutated copy of `base` (1–3 fields changed; the PandaID kept unless `idToo`). */
export function mutate(base: Record<string, unknown>, r: () => number, idToo = false): Record<string, unknown> {
  const d: Record<string, unknown> = structuredClone(base);
  const fields = [...new Set([...Object.keys(base), ...EXTRA_FIELDS])].filter((k) => idToo || k !== 'PandaID');
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const key = idToo && i === 0 ? 'PandaID' : pick(r, fields);
    const cur = d[key];
    const v = typeof cur === 'string' && cur.includes(',') && r() < 0.5 ? listMutation(r, cur) : pick(r, VALUES);
    if (v === DROP) delete d[key];
    else d[key] = v;
  }
  return d;
}

/**
 * `count` seeded mutations; every one gets the PandaID `firstId + i` (unless its id is fuzzed
 * too), and the base's id in file and job names is replaced by it, so that jobs running side by
 * side never share an output or log name.
 */
export function fuzzedDescriptions(base: Record<string, unknown>, count: number, seed: number, firstId: number): Array<{ desc: Record<string, unknown>; id?: number }> {
  const r = rng(seed);
  const out: Array<{ desc: Record<string, unknown>; id?: number }> = [];
  const baseId = String(base.PandaID);
  const text = JSON.stringify(base);
  for (let i = 0; i < count; i++) {
    const idToo = r() < 0.03;
    const own = JSON.parse(text.replaceAll(baseId, String(firstId + i)).replaceAll('HITS.demo._000001.', `HITS.demo._${firstId + i}.`)) as Record<string, unknown>;
    const desc = mutate({ ...own, PandaID: firstId + i }, r, idToo);
    const id = typeof desc.PandaID === 'number' && Number.isSafeInteger(desc.PandaID) && desc.PandaID > 0 ? desc.PandaID : undefined;
    out.push({ desc, id: idToo ? undefined : id });
  }
  return out;
}
