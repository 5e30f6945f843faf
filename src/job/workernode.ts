/**
 * Facts about the worker node that the pilot reports (getJob request fields, cpuConsumptionUnit).
 * Read lazily and once: /proc/cpuinfo is parsed only when a job needs the CPU model.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import os from 'node:os';

/** Node name as Pilot 3 reports it: PANDA_HOSTNAME, else the host name (condor "slot1@host" → host part kept whole). */
export function nodeName(env: NodeJS.ProcessEnv = process.env): string {
  return env.PANDA_HOSTNAME || os.hostname();
}

interface CpuInfo {
  model: string;
  mhz: number;
  cores: number;
  avx2: boolean;
}

let cpuCache: CpuInfo | undefined;

/** CPU model, clock and flags from /proc/cpuinfo (falls back to os.cpus()). */
export function cpuInfo(): CpuInfo {
  if (cpuCache) return cpuCache;
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? 'UNKNOWN';
  let mhz = cpus[0]?.speed ?? 0;
  let avx2 = false;
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    model = /^model name\s*:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? model;
    mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(text)?.[1] ?? mhz);
    avx2 = /^flags\s*:.*\bavx2\b/m.test(text);
  } catch {
    // not Linux: os.cpus() is good enough
  }
  if (process.arch === 'arm64' && model === 'UNKNOWN') model = 'ARM';
  cpuCache = { model, mhz, cores: cpus.length || 1, avx2 };
  return cpuCache;
}

/** What Pilot 3 builds cpuConsumptionUnit from: /proc/cpuinfo's first model and cache, lscpu's topology. */
export interface CpuFacts {
  /** First `model name` of /proc/cpuinfo ('' when absent). */
  modelName: string;
  /** First `cache size` of /proc/cpuinfo, e.g. "1024 KB" ('' when absent). */
  cacheSize: string;
  /** lscpu's "Model name" (used when cpuinfo has no model and cache, e.g. on ARM). */
  lscpuModelName: string;
  threadsPerCore: number;
  coresPerSocket: number;
  sockets: number;
  /** The avx2 flag is set. */
  avx2: boolean;
}

/**
 * The CPU model string as Pilot 3 builds it (util/workernode.py get_cpu_model + update_modelstring):
 * "<model> <cache>", else lscpu's model, else UNKNOWN; then, when the topology is known,
 * "N-Core Processor" worked in, " HT" with two threads per core and " S-Socket(s)".
 */
export function cpuModelString(f: CpuFacts): string {
  let model = cpuModelBase(f);
  const cores = f.coresPerSocket && f.sockets ? f.coresPerSocket * f.sockets : 0;
  if (cores <= 0) return model;
  if (model.includes('-Core Processor')) {
    const nn = /(\d+)-Core Processor/.exec(model)?.[1];
    if (nn) model = model.replaceAll(`${nn}-Core`, `${cores}-Core`);
  } else if (model.includes('Core Processor')) model = model.replaceAll('Core', `${cores}-Core`);
  else if (model.includes('Processor')) model = model.replaceAll('Processor', `${cores}-Core Processor`);
  else model += ` ${cores}-Core Processor`;
  if (f.threadsPerCore === 2) model += ' HT';
  model += ` ${f.sockets}-Socket${f.sockets > 1 ? 's' : ''}`;
  return model;
}

/** Pilot 3's get_cpu_model: "<model name> <cache size>" from cpuinfo, else lscpu's Model name, else UNKNOWN. */
export function cpuModelBase(f: Pick<CpuFacts, 'modelName' | 'cacheSize' | 'lscpuModelName'>): string {
  if (f.modelName && f.cacheSize) return `${f.modelName} ${f.cacheSize}`;
  return f.lscpuModelName || 'UNKNOWN';
}

/** cpuConsumptionUnit from machine facts: "s+<model string>" and "+AVX2" when the CPU has it. */
export function cpuConsumptionUnitFrom(f: CpuFacts): string {
  return `s+${cpuModelString(f)}${f.avx2 ? '+AVX2' : ''}`;
}

let factsCache: CpuFacts | undefined;

/**
 * This machine's CPU facts. Topology from /proc/cpuinfo (cpu cores, siblings, physical id: what
 * lscpu reports on x86), lscpu only where cpuinfo lacks it (ARM), to spare a process per pilot.
 */
export function cpuFacts(): CpuFacts {
  if (factsCache) return factsCache;
  let text = '';
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux
  }
  const first = (re: RegExp) => re.exec(text)?.[1];
  const coresPerSocket = Number(first(/^cpu cores\s*:\s*(\d+)/m) ?? 0);
  const siblings = Number(first(/^siblings\s*:\s*(\d+)/m) ?? 0);
  const sockets = new Set([...text.matchAll(/^physical id\s*:\s*(\d+)/gm)].map((m) => m[1])).size;
  const facts: CpuFacts = {
    modelName: first(/^model name\s+:\s+(\w.+)$/m) ?? '',
    cacheSize: first(/^cache size\s+:\s+(\d+ KB)/m) ?? '',
    lscpuModelName: '',
    threadsPerCore: coresPerSocket ? Math.round(siblings / coresPerSocket) : 0,
    coresPerSocket,
    sockets,
    avx2: /^flags\s*:.*\bavx2\b/m.test(text),
  };
  if (!coresPerSocket || !sockets || !(facts.modelName && facts.cacheSize)) {
    try {
      const out = execFileSync('lscpu', { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'ignore'] });
      const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
      facts.lscpuModelName = /^Model name:\s*(.*)$/m.exec(out)?.[1]?.trim() ?? '';
      facts.threadsPerCore = num(/^Thread\(s\) per core:\s+(\d+)/m);
      facts.coresPerSocket = num(/^Core\(s\) per socket:\s+(\d+)/m);
      facts.sockets = num(/^Socket\(s\):\s+(\d+)/m);
    } catch {
      // no lscpu: no topology, as Pilot 3
    }
  }
  factsCache = facts;
  return facts;
}

/** cpuConsumptionUnit of this machine, as Pilot 3 builds it. */
export function cpuConsumptionUnit(): string {
  return cpuConsumptionUnitFrom(cpuFacts());
}

/** Total memory in MB (float), the getJob `mem` field. */
export function totalMemoryMB(): number {
  return os.totalmem() / (1024 * 1024);
}

/** Free space of `dir` in MB. */
export async function freeSpaceMB(dir: string): Promise<number> {
  const s = await statfs(dir);
  return (s.bavail * s.bsize) / (1024 * 1024);
}

/**
 * Batch system and job id as Pilot 3 detects them (util/auxiliary.py get_batchsystem_jobid), for
 * pilotID and batchID: the first of its variables present in the environment decides (even when
 * empty), spelled as Pilot 3 spells the systems; else HTCondor's GlobalJobId from the job ad
 * (_CONDOR_JOB_AD). Undefined when there is no batch system or no id (Pilot 3 then sends neither).
 */
export function batchSystem(env: NodeJS.ProcessEnv = process.env): { type: string; id: string } | undefined {
  const table: Array<[string, string]> = [
    ['QSUB_REQNAME', 'BQS'],
    ['BQSCLUSTER', 'BQS'],
    ['PBS_JOBID', 'Torque'],
    ['LSB_JOBID', 'LSF'],
    ['JOB_ID', 'Grid Engine'],
    ['clusterid', 'Condor'],
    ['SLURM_JOB_ID', 'SLURM'],
    ['K8S_JOB_ID', 'Kubernetes'],
  ];
  for (const [name, type] of table) if (name in env) return env[name] ? { type, id: env[name]! } : undefined;
  if (env._CONDOR_JOB_AD) {
    const id = condorGlobalJobId(env._CONDOR_JOB_AD);
    return id ? { type: 'Condor', id } : undefined;
  }
  return undefined;
}

/** GlobalJobId from an HTCondor job ClassAd file ('' when unreadable or absent). */
export function condorGlobalJobId(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  return /^GlobalJobId\s*=\s*"(.*)"/m.exec(text)?.[1] ?? '';
}

/** ISO-8601 local time with offset (e.g. 2026-03-10T16:10:06+01:00), the updateJob `timestamp`. */
export function isoTimestamp(d: Date = new Date()): string {
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(off / 60)}:${pad(off % 60)}`
  );
}
