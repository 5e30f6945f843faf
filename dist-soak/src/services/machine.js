/**
 * Machine facts for a benchmark report, the way a site report lists them: CPU model and
 * counts, clock, memory, kernel, load and the cgroup CPU quota a batch slot may impose.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
async function readText(path) {
    try {
        return await readFile(path, 'utf8');
    }
    catch {
        return '';
    }
}
/** Collect the machine facts (Linux /proc and cgroup v2 where present, os module otherwise). */
export async function machineFacts() {
    const [cpuinfo, meminfo, cpuMax] = await Promise.all([
        readText('/proc/cpuinfo'),
        readText('/proc/meminfo'),
        readText('/sys/fs/cgroup/cpu.max'),
    ]);
    const cpus = os.cpus();
    const field = (name) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim() ?? '';
    const cores = new Set();
    let physicalId = '';
    for (const line of cpuinfo.split('\n')) {
        const m = /^(physical id|core id)\s*:\s*(\S+)/.exec(line);
        if (m?.[1] === 'physical id')
            physicalId = m[2];
        else if (m)
            cores.add(`${physicalId}/${m[2]}`);
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
//# sourceMappingURL=machine.js.map