/**
 * Simulated pilots for load tests of a PanDA server (the emulator, or any server speaking the
 * dispatcher protocol): each pilot asks for a job, sends `starting`, `running` heartbeats and a
 * final `finished` update with the log file in `xml`, as a real pilot does, then asks again until
 * the queue is empty. Latencies are kept per call; the PandaIDs each pilot received are returned so
 * a caller can check that no job was handed out twice.
 */
import { Agent, request } from 'node:http';

/** Options of {@link simulatePilots}. */
export interface LoadOptions {
  /** Server base URL (http://host:port). */
  url: string;
  /** PanDA queue (siteName). */
  site: string;
  /** Concurrent pilots. */
  pilots: number;
  /** Heartbeats (`running` updates) per job (default 1). */
  heartbeats?: number;
  /** Jobs per pilot at most (default: until the queue answers "no jobs"). */
  jobsPerPilot?: number;
  /** Stop everything after this many ms (default 600000): the loops are bounded in time. */
  deadlineMs?: number;
  /**
   * Mean pause between a pilot's calls, ms (uniform in 0..2×mean; default 0: each pilot sends its
   * next call as soon as the last is answered, which measures the server's saturation). Real
   * pilots pause for minutes; a pause also staggers the pilots' first calls.
   */
  thinkMs?: number;
}

/** What a load run measured. */
export interface LoadResult {
  /** Milliseconds per call, by method. */
  latencies: Record<string, number[]>;
  /** Requests that failed (transport error or HTTP status ≠ 200). */
  errors: number;
  /** Every PandaID handed out, in order (duplicates mean a job was sent twice). */
  dispatched: number[];
  /** Final updates the server acknowledged (StatusCode 0). */
  finalsAcked: number;
  /** Wall time of the run (ms). */
  elapsedMs: number;
}

/** The q-quantile (0..1) of a list, nearest rank. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

function post(agent: Agent, base: URL, method: string, form: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`/server/panda/${method}`, base),
      { method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Run `pilots` simulated pilots against a server until its queue is drained. */
export async function simulatePilots(opts: LoadOptions): Promise<LoadResult> {
  const base = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.pilots });
  const latencies: Record<string, number[]> = { getJob: [], updateJob: [] };
  const result: LoadResult = { latencies, errors: 0, dispatched: [], finalsAcked: 0, elapsedMs: 0 };
  const deadline = Date.now() + (opts.deadlineMs ?? 600000);
  const t0 = performance.now();

  async function call(method: string, form: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const t = performance.now();
    try {
      const r = await post(agent, base, method, form);
      (latencies[method] ??= []).push(performance.now() - t);
      if (r.status !== 200) {
        result.errors++;
        return undefined;
      }
      return JSON.parse(r.body) as Record<string, unknown>;
    } catch {
      result.errors++;
      return undefined;
    }
  }

  const think = () => (opts.thinkMs ? new Promise((r) => setTimeout(r, Math.random() * 2 * opts.thinkMs!)) : undefined);

  async function pilot(n: number): Promise<void> {
    const node = `loadgen-${n}`;
    await think();
    for (let jobs = 0; opts.jobsPerPilot === undefined || jobs < opts.jobsPerPilot; jobs++) {
      if (Date.now() > deadline) return;
      const job = await call('getJob', { siteName: opts.site, prodSourceLabel: 'managed', node, mem: '2000', diskSpace: '50000' });
      if (!job) continue;
      if (String(job.StatusCode) !== '0') return; // no more jobs
      const id = String(job.PandaID);
      result.dispatched.push(Number(id));
      await think();
      await call('updateJob', { jobId: id, state: 'starting', node, siteName: opts.site });
      for (let h = 0; h < (opts.heartbeats ?? 1); h++) {
        await think();
        await call('updateJob', { jobId: id, state: 'running', node, siteName: opts.site, cpuConsumptionTime: String(h) });
      }
      await think();
      const log = String(job.logFile ?? '');
      const xml = log ? JSON.stringify({ [log]: { guid: String(job.logGUID ?? ''), fsize: '1024', adler32: '0a0b0c0d', surl: `root://se.local//${log}` } }) : '{}';
      const fin = await call('updateJob', { jobId: id, state: 'finished', node, siteName: opts.site, transExitCode: '0', pilotErrorCode: '0', xml });
      if (fin && String(fin.StatusCode) === '0') result.finalsAcked++;
      await think();
    }
  }

  await Promise.all(Array.from({ length: opts.pilots }, (_, i) => pilot(i)));
  result.elapsedMs = performance.now() - t0;
  agent.destroy();
  return result;
}
