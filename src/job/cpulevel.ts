/** The x86-64 micro-architecture level (x86-64-v1..v4) from /proc/cpuinfo flags, for cpu_architecture_level. */
import { readFileSync } from 'node:fs';

const LEVELS: Array<[string, string[]]> = [
  ['x86-64-v4', ['avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl']],
  ['x86-64-v3', ['avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'movbe', 'xsave']],
  ['x86-64-v2', ['cx16', 'lahf_lm', 'popcnt', 'sse4_1', 'sse4_2', 'ssse3']],
];

let cached: string | undefined;

/** e.g. "x86-64-v3"; the architecture name on other CPUs. */
export function cpuArchitectureLevel(): string {
  if (cached) return cached;
  if (process.arch !== 'x64') return (cached = process.arch);
  let flags = new Set<string>();
  try {
    const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    flags = new Set(line.trim().split(/\s+/));
  } catch {
    return (cached = 'x86-64');
  }
  // v3 and v4 each require the lower levels too.
  let level = 'x86-64';
  for (const [name, need] of [...LEVELS].reverse()) {
    if (need.every((f) => flags.has(f))) level = name;
    else break;
  }
  return (cached = level);
}

let reported = '';

/** The level an experiment's own tool reported at start-up (ATLAS: cpu_arch.py); sent in every job update. */
export function setReportedCpuArchitectureLevel(level: string): void {
  reported = level;
}

/** The level set by {@link setReportedCpuArchitectureLevel} ('' when none). */
export function reportedCpuArchitectureLevel(): string {
  return reported;
}
