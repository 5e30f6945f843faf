/**
 * Machine facts for a benchmark report, the way a site report lists them: CPU model and
 * counts, clock, memory, kernel, load and the cgroup CPU quota a batch slot may impose.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** What the benchmark ran on. */
export interface MachineFacts {
  /** Host name. */
  hostname: string;
  /** CPU model name ("AMD EPYC 7763 64-Core Processor"). */
  cpuModel: string;
  /** CPU vendor from /proc/cpuinfo ("AuthenticAMD", "GenuineIntel"), "" when unknown. */
  cpuVendor: string;
  /** Logical CPUs this process may use (os.availableParallelism()). */
  logicalCores: number;
  /** Physical cores (distinct physical id/core id pairs), undefined when /proc/cpuinfo lacks them. */
  physicalCores?: number;
  /** Nominal clock of the first CPU in MHz (0 when unknown). */
  cpuMHz: number;
  /** CPUs' worth of quota from cgroup v2 cpu.max, undefined when unlimited or unknown. */
  cgroupCpuQuota?: number;
  /** Total memory, bytes. */
  memoryTotal: number;
  /** Available memory (MemAvailable), bytes. */
  memoryAvailable: number;
  /** Kernel release (uname -r). */
  kernel: string;
  /** OS type and CPU architecture ("Linux", "x64"). */
  os: string;
  /** CPU architecture ("x64", "arm64"). */
  arch: string;
  /** 1, 5 and 15 minute load averages. */
  loadAverage: [number, number, number];
  /** Node.js version that ran the benchmark. */
  node: string;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** Collect the machine facts (Linux /proc and cgroup v2 where present, os module otherwise). */
export async function machineFacts(): Promise<MachineFacts> {
  const [cpuinfo, meminfo, cpuMax] = await Promise.all([
    readText('/proc/cpuinfo'),
    readText('/proc/meminfo'),
    readText('/sys/fs/cgroup/cpu.max'),
  ]);
  const cpus = os.cpus();
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim() ?? '';
  const cores = new Set<string>();
  let physicalId = '';
  for (const line of cpuinfo.split('\n')) {
    const m = /^(physical id|core id)\s*:\s*(\S+)/.exec(line);
    if (m?.[1] === 'physical id') physicalId = m[2]!;
    else if (m) cores.add(`${physicalId}/${m[2]}`);
  }
  const memAvailable = /^MemAvailable:\s+(\d+) kB/m.exec(meminfo);
  const [quota, period] = cpuMax.trim().split(/\s+/);
  const load = os.loadavg();
  return {
    hostname: os.hostname(),
    cpuModel: field('model name') || cpus[0]?.model || 'unknown',
    cpuVendor: field('vendor_id'),
    logicalCores: os.availableParallelism(),
    physicalCores: cores.size > 0 ? cores.size : undefined,
    cpuMHz: Math.round(Number(field('cpu MHz')) || cpus[0]?.speed || 0),
    cgroupCpuQuota: quota && quota !== 'max' && Number(period) > 0 ? Number(quota) / Number(period) : undefined,
    memoryTotal: os.totalmem(),
    memoryAvailable: memAvailable ? Number(memAvailable[1]) * 1024 : os.freemem(),
    kernel: os.release(),
    os: os.type(),
    arch: os.arch(),
    loadAverage: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
    node: process.versions.node,
  };
}
