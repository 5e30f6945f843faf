/**
 * The worker-node map and GPU map Pilot 3 sends at start-up for experiments that ask for it
 * (ATLAS): `api/v1/pilot/update_worker_node` with the node's CPU, memory and disk, and
 * `update_worker_node_gpu` when an NVIDIA GPU is present, both also cached in the pilot home
 * ([Workernode] map, gpu_map). Figures are read as Pilot 3 reads them (/proc/cpuinfo, lscpu,
 * /proc/meminfo, lsblk, lspci, nvidia-smi); the CPU architecture level comes from ATLAS's
 * cpu_arch.py through ALRB when the plugin provides it, else it is empty as in Pilot 3.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { cpuModelBase } from './workernode.js';

const run = promisify(execFile);

/** Output of a command, '' when it is missing or fails. */
async function output(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    return (await run(cmd, args, { encoding: 'utf8', timeout: 20_000, env: env && { ...env, PATH: `${env.PATH ?? ''}:/usr/sbin:/sbin` } })).stdout;
  } catch {
    return '';
  }
}

/** Pilot 3's get_cpu_model on the texts of /proc/cpuinfo and lscpu (see workernode.ts). */
export function cpuModel(cpuinfo: string, lscpu: string): string {
  return cpuModelBase({
    modelName: /^model name\s+:\s+(\w.+)$/m.exec(cpuinfo)?.[1] ?? '',
    cacheSize: /^cache size\s+:\s+(\d+ KB)/m.exec(cpuinfo)?.[1] ?? '',
    lscpuModelName: lscpu.split('\n').find((l) => l.includes('Model name'))?.split(':')[1]?.trim() ?? '',
  });
}

/** The lscpu figures Pilot 3 reads (it stops at the Socket(s) line). */
export function lscpuFigures(text: string): { architecture: string; threadsPerCore: number; coresPerSocket: number; mhz: number; sockets: number } {
  const r = { architecture: '', threadsPerCore: 0, coresPerSocket: 0, mhz: 0, sockets: 0 };
  for (const line of text.split('\n')) {
    const arch = /^Architecture:\s+(\S+)/.exec(line);
    if (arch) {
      r.architecture = arch[1];
      continue;
    }
    const num = (re: RegExp) => Number(re.exec(line)?.[1] ?? 0);
    if (num(/Thread\(s\) per core: +(\d+)/)) r.threadsPerCore = num(/Thread\(s\) per core: +(\d+)/);
    else if (num(/Core\(s\) per socket: +(\d+)/)) r.coresPerSocket = num(/Core\(s\) per socket: +(\d+)/);
    else if (num(/CPU MHz: +(\d+)/)) r.mhz = num(/CPU MHz: +(\d+)/);
    else if (num(/Socket\(s\): +(\d+)/)) {
      r.sockets = num(/Socket\(s\): +(\d+)/);
      break;
    }
  }
  return r;
}

/** Total size of the local disks lsblk lists (decimal units, as Pilot 3 counts them), bytes. */
export function lsblkBytes(text: string): number {
  const units: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
  let total = 0;
  for (const line of text.trim().split('\n').slice(1)) {
    const parts = line.trim().split(/\s+/);
    const m = parts.length === 2 ? /^(\d+(\.\d+)?)([KMGTP])/.exec(parts[1]) : null;
    if (m) total += Number(m[1]) * units[m[3]];
  }
  return total;
}

/** The node name as Pilot 3 reports it (PANDA_HOSTNAME, else uname; HTCondor's slot prefixed). */
export function nodeNameForMap(env: NodeJS.ProcessEnv): string {
  const host = env.PANDA_HOSTNAME ?? hostname();
  return env._CONDOR_SLOT ? `${env._CONDOR_SLOT}@${host}` : host;
}

/** The node's raw facts the map is made of (read by {@link readNodeFacts}; recorded with Pilot 3's map in the fixtures). */
export interface NodeFacts {
  cpuinfo: string;
  lscpu: string;
  meminfo: string;
  lsblk: string;
}

/** Read the node's facts. */
export async function readNodeFacts(): Promise<NodeFacts> {
  const [cpuinfo, lscpu, meminfo, lsblk] = await Promise.all([
    readFile('/proc/cpuinfo', 'utf8').catch(() => ''),
    output('lscpu', []),
    readFile('/proc/meminfo', 'utf8').catch(() => ''),
    output('lsblk', ['-d', '-o', 'NAME,SIZE']),
  ]);
  return { cpuinfo, lscpu, meminfo, lsblk };
}

/** The worker-node map (update_worker_node's fields) from the node's facts. */
export function workernodeMapFrom(f: NodeFacts, site: string, queue: string, env: NodeJS.ProcessEnv, cpuArchLevel = ''): Record<string, unknown> {
  const c = lscpuFigures(f.lscpu);
  const ht = c.threadsPerCore === 2;
  const cores = c.coresPerSocket && c.sockets ? c.coresPerSocket * c.sockets : 0;
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(f.meminfo)?.[1] ?? 0);
  // without psutil, Pilot 3 takes the clock from /proc/cpuinfo's first "cpu MHz"
  const mhz = c.mhz || Number(/cpu MHz\s*:\s*([\d.]+)/.exec(f.cpuinfo)?.[1] ?? 0);
  const data: Record<string, unknown> = {
    site,
    panda_queue: queue,
    host_name: nodeNameForMap(env),
    cpu_model: cpuModel(f.cpuinfo, f.lscpu),
    n_logical_cpus: cores * (ht ? 2 : 1),
    n_sockets: c.sockets,
    cores_per_socket: c.coresPerSocket,
    threads_per_core: c.threadsPerCore,
    cpu_architecture: c.architecture,
    cpu_architecture_level: cpuArchLevel,
    total_memory: Math.trunc(Math.round((memKb / 1024) * 100) / 100),
    total_local_disk: Math.round(lsblkBytes(f.lsblk) / 1024 ** 3),
  };
  if (mhz > 0) data.clock_speed = mhz;
  return data;
}

/** The worker-node map of this node. */
export async function workernodeMap(site: string, queue: string, env: NodeJS.ProcessEnv, cpuArchLevel = ''): Promise<Record<string, unknown>> {
  return workernodeMapFrom(await readNodeFacts(), site, queue, env, cpuArchLevel);
}

/** The GPU map (update_worker_node_gpu's fields), {} without an NVIDIA GPU. */
export async function workernodeGpuMap(site: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const lspci = await output('lspci', ['-nn'], env);
  if (!lspci.split('\n').some((l) => l.includes('3D controller'))) return {};
  const full = await output('nvidia-smi', [], env);
  const query = await output('nvidia-smi', ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader,nounits'], env);
  if (!query.trim()) return {};
  const lines = query.trim().split('\n');
  const [name, vram, driver] = lines[0].split(', ');
  return {
    site,
    host_name: hostname(),
    vendor: 'NVIDIA',
    model: name,
    architecture: gpuArchitecture(name),
    vram: Number.parseInt(vram, 10),
    framework: 'CUDA',
    framework_version: /CUDA Version:\s+([\d.]+)/.exec(full)?.[1] ?? 'Unknown',
    driver_version: driver,
    count: lines.length,
  };
}

/** NVIDIA architecture from the model name, by the model substrings Pilot 3 knows (first match), else 'Unknown'. */
export function gpuArchitecture(model: string): string {
  const known: Array<[string, string]> = [
    ['K80', 'Kepler'], ['P100', 'Pascal'], ['V100', 'Volta'], ['T4', 'Turing'], ['A100', 'Ampere'],
    ['L40', 'Ada Lovelace'], ['RTX 6000', 'Ada Lovelace'], ['H100', 'Hopper'], ['GH200', 'Grace Hopper'],
  ];
  return known.find(([key]) => model.includes(key))?.[1] ?? 'Unknown';
}

/** Experiments whose Pilot 3 plugin sends the maps (user/<name>/common.allow_send_workernode_map). */
export const SENDS_WORKERNODE_MAP = new Set(['atlas']);

/** What sending needs of the server client. */
export interface WorkernodeMapSender {
  updateWorkerNode(data: Record<string, unknown>): Promise<unknown>;
  updateWorkerNodeGpu(data: Record<string, unknown>): Promise<unknown>;
}

/**
 * Pilot 3's send_workernode_map: build both maps, cache them in the pilot home and send them
 * (the GPU map only when there is a GPU). Failures are logged, never fatal.
 */
export async function sendWorkernodeMaps(opts: { cpuArchLevel?: string; site: string; queue: string; env: NodeJS.ProcessEnv; pilotHome: string; mapFile: string; gpuMapFile: string; client: WorkernodeMapSender; logger: { info(o: object, m: string): void; warn(o: object, m: string): void } }): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  try {
    const map = await workernodeMap(opts.site, opts.queue, opts.env, opts.cpuArchLevel);
    await writeFile(path.join(opts.pilotHome, opts.mapFile), JSON.stringify(map, null, 4)).catch(() => undefined);
    await opts.client.updateWorkerNode(map);
    opts.logger.info({ host: map.host_name, cpu: map.cpu_model }, 'worker node map sent');
    const gpu = await workernodeGpuMap(opts.site, opts.env);
    if (Object.keys(gpu).length) {
      await writeFile(path.join(opts.pilotHome, opts.gpuMapFile), JSON.stringify(gpu, null, 4)).catch(() => undefined);
      await opts.client.updateWorkerNodeGpu(gpu);
      opts.logger.info({ model: gpu.model, count: gpu.count }, 'GPU map sent');
    }
  } catch (e) {
    opts.logger.warn({ err: (e as Error).message }, 'worker node map not sent');
  }
}
