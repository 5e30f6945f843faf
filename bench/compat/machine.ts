/**
 * The machine facts Pilot 3 derives machine-dependent fields from (cpuConsumptionUnit, node),
 * read the way Pilot 3 reads them (/proc/cpuinfo and lscpu), so a recording carries its inputs and
 * a test can recompute our value from the same facts on any machine.
 */
import { execFileSync } from 'node:child_process';
import { lookup, lookupService } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { CpuFacts } from '../../src/job/workernode.js';

/** Facts of the machine a recording was made on. */
export interface MachineFacts {
  hostname: string;
  /** The name the host's IPv4 address resolves back to (Pilot 3's trace hostname). */
  hostByAddr?: string;
  cpu: CpuFacts;
}

/** Pilot 3's trace hostname: gethostbyaddr(gethostname()), 'unknown' when it does not resolve. */
export async function hostByAddr(host = os.hostname()): Promise<string> {
  try {
    const ip = (await lookup(host, { family: 4 })).address;
    return (await lookupService(ip, 0)).hostname || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** First `model name` and `cache size` of /proc/cpuinfo, topology from lscpu, the avx2 flag. */
export function machineFacts(): MachineFacts {
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux
  }
  let lscpu = '';
  try {
    lscpu = execFileSync('lscpu', { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  } catch {
    // no lscpu: Pilot 3 reports no core count then
  }
  const num = (re: RegExp) => Number(re.exec(lscpu)?.[1] ?? 0);
  return {
    hostname: os.hostname(),
    cpu: {
      modelName: /^model name\s+:\s+(\w.+)$/m.exec(cpuinfo)?.[1] ?? '',
      cacheSize: /^cache size\s+:\s+(\d+ KB)/m.exec(cpuinfo)?.[1] ?? '',
      lscpuModelName: /^Model name:\s*(.*)$/m.exec(lscpu)?.[1]?.trim() ?? '',
      threadsPerCore: num(/^Thread\(s\) per core:\s+(\d+)/m),
      coresPerSocket: num(/^Core\(s\) per socket:\s+(\d+)/m),
      sockets: num(/^Socket\(s\):\s+(\d+)/m),
      avx2: /^flags\s*:.*\bavx2\b/m.test(cpuinfo),
    },
  };
}
