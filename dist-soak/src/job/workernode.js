/**
 * Facts about the worker node that the pilot reports (getJob request fields, cpuConsumptionUnit).
 * Read lazily and once: /proc/cpuinfo is parsed only when a job needs the CPU model.
 */
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
/** Node name as Pilot 3 reports it: PANDA_HOSTNAME, else the host name (condor "slot1@host" → host part kept whole). */
export function nodeName(env = process.env) {
    return env.PANDA_HOSTNAME || os.hostname();
}
let cpuCache;
/** CPU model, clock and flags from /proc/cpuinfo (falls back to os.cpus()). */
export function cpuInfo() {
    if (cpuCache)
        return cpuCache;
    const cpus = os.cpus();
    let model = cpus[0]?.model ?? 'UNKNOWN';
    let mhz = cpus[0]?.speed ?? 0;
    let avx2 = false;
    try {
        const text = readFileSync('/proc/cpuinfo', 'utf8');
        model = /^model name\s*:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? model;
        mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(text)?.[1] ?? mhz);
        avx2 = /^flags\s*:.*\bavx2\b/m.test(text);
    }
    catch {
        // not Linux: os.cpus() is good enough
    }
    if (process.arch === 'arm64' && model === 'UNKNOWN')
        model = 'ARM';
    cpuCache = { model, mhz, cores: cpus.length || 1, avx2 };
    return cpuCache;
}
/**
 * cpuConsumptionUnit: "s+<model with N-Core>" and "+AVX2" when the CPU has it, as Pilot 3 builds it.
 */
export function cpuConsumptionUnit() {
    const { model, cores, avx2 } = cpuInfo();
    const withCores = /\d+-Core/.test(model) ? model.replace(/\d+-Core/, `${cores}-Core`) : `${model} ${cores}-Core`;
    return `s+${withCores}${avx2 ? '+AVX2' : ''}`;
}
/** Total memory in MB (float), the getJob `mem` field. */
export function totalMemoryMB() {
    return os.totalmem() / (1024 * 1024);
}
/** Free space of `dir` in MB. */
export async function freeSpaceMB(dir) {
    const s = await statfs(dir);
    return (s.bavail * s.bsize) / (1024 * 1024);
}
/** Batch system and job id from the environment, as Pilot 3 detects them (for pilotID/batchID). */
export function batchSystem(env = process.env) {
    const table = [
        ['PBS_JOBID', 'PBS'],
        ['LSB_JOBID', 'LSF'],
        ['SLURM_JOB_ID', 'SLURM'],
        ['K8S_JOB_ID', 'KUBERNETES'],
        ['JOB_ID', 'GE'],
        ['QSUB_REQNAME', 'PBS'],
        ['BQSCLUSTER', 'BQS'],
        ['clusterid', 'CONDOR'],
    ];
    for (const [name, type] of table)
        if (env[name])
            return { type, id: env[name] };
    if (env._CONDOR_JOB_AD)
        return { type: 'CONDOR', id: env._CONDOR_JOB_AD };
    return undefined;
}
/** ISO-8601 local time with offset (e.g. 2026-03-10T16:10:06+01:00), the updateJob `timestamp`. */
export function isoTimestamp(d = new Date()) {
    const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? '+' : '-';
    return (`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
        `${sign}${pad(off / 60)}:${pad(off % 60)}`);
}
//# sourceMappingURL=workernode.js.map