/**
 * Event service (issue 11): the pilot's cost per event range. The ES executor runs in this process
 * against the emulator over HTTP (as the pilot does), the reference payload is a real child
 * process on the yampl channel. Measured per range: `Ready for events` → range sent, and output
 * message → the server acknowledged the range (updateEventRanges round trip included); the whole
 * job's ranges/s; the cost per range (wall / ranges) at 100, 1,000 and 10,000 ranges, which must
 * stay flat. Then the same with each range's 1 MB output stored in S3 (s3rver), and once a
 * 1,000-range job over 2 cores through the real pilot process.
 *
 * PANDA_BENCH_ES_SIZES (default 100,1000,10000), PANDA_BENCH_ES_S3_SIZES (default 100,1000),
 * PANDA_BENCH_ES_PILOT_RANGES (default 1000; 0 skips the real-pilot run).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventService } from '../src/eventservice/executor.js';
import { objectStoreFor, type EsOutputStore } from '../src/eventservice/objectstore.js';
import { PandaClient } from '../src/server/client.js';
import { startPilot } from '../src/demo/scenario.js';
import { createEsSite, esJob, REF_PAYLOAD, S3_ENV, type EsSite } from '../test/eventservice/support.js';
import { median, type BenchRow } from './stats.js';

const CORES = 2;

interface RunResult {
  /** From the payload's first message to the last range acknowledged (its start-up excluded). */
  wallMs: number;
  ranges: number;
  readyToRange: number;
  outputToSent: number;
  outputToReported: number;
}

/** A store that keeps nothing: the pilot's own cost without any transfer. */
const nullStore: EsOutputStore = {
  async put(files) {
    return files.map((f) => ({ lfn: f.lfn, url: '', fsize: 0, ddmendpoint: 'NONE', objstoreID: 0 }));
  },
};

async function runOnce(site: EsSite, n: number, store: EsOutputStore, outputBytes: number): Promise<RunResult> {
  const emu = site.scn.emulator;
  const [rec] = emu.addJobs({ ...esJob(n, { cores: CORES, merge: false }), queue: site.scn.queue });
  // dispatch it (getEventRanges serves sent/starting/running jobs)
  const res = await fetch(`${emu.url}/server/panda/getJob`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: `siteName=${site.scn.queue}&prodSourceLabel=ptest` });
  const desc = (await res.json()) as Record<string, unknown>;
  if (Number(desc.PandaID) !== rec.PandaID) throw new Error(`dispatched ${String(desc.PandaID)} instead of ${rec.PandaID}`);
  const workdir = mkdtempSync(join(tmpdir(), 'es-bench-'));
  const client = new PandaClient({ url: emu.url });
  const t0 = performance.now();
  const es = await startEventService({
    job: { jobid: String(rec.PandaID), jobsetid: 5, taskid: 77, corecount: CORES },
    workdir,
    server: client as never,
    store,
    mode: 'range',
    channel: `EventService_EventRanges_bench${process.pid}`,
  });
  const payload = spawn(process.execPath, [REF_PAYLOAD, `--workers=${CORES}`, `--output-bytes=${outputBytes}`], {
    cwd: workdir,
    env: { ...process.env, PILOT_EVENTRANGECHANNEL: es.channel },
    stdio: 'ignore',
  });
  const exit = await new Promise<{ exitCode: number | null; signal: string | null }>((resolve) => payload.on('exit', (exitCode, signal) => resolve({ exitCode, signal })));
  const v = await es.finish(exit);
  const wallMs = performance.now() - (es.stats.firstMessageAt ?? t0);
  rmSync(workdir, { recursive: true, force: true });
  if (v.finished !== n) throw new Error(`only ${v.finished} of ${n} ranges finished (${v.error?.diag ?? ''})`);
  return { wallMs, ranges: n, readyToRange: median(es.stats.readyToRange), outputToSent: median(es.stats.outputToSent), outputToReported: median(es.stats.outputToReported) };
}

function sizes(name: string, fallback: string): number[] {
  return (process.env[name] ?? fallback).split(',').map(Number).filter((x) => x > 0);
}

export async function benchEventService(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const site = await createEsSite([], {}, {});
  try {
    // warm-up: module loading and the first connections are not per-range costs
    await runOnce(site, 20, nullStore, 0);
    const noWork: RunResult[] = [];
    for (const n of sizes('PANDA_BENCH_ES_SIZES', '100,1000,10000')) noWork.push(await runOnce(site, n, nullStore, 0));
    const mid = noWork.find((r) => r.ranges === 1000) ?? noWork[noWork.length - 1];
    rows.push({ name: `per-range overhead: Ready for events → range sent (${mid.ranges} ranges)`, value: mid.readyToRange, unit: 'ms', goal: '<= 2 ms' });
    rows.push({ name: `per-range overhead: output → its update sent (${mid.ranges} ranges)`, value: mid.outputToSent, unit: 'ms', goal: '<= 2 ms' });
    rows.push({ name: `output → range acknowledged (server round trip included, ${mid.ranges} ranges)`, value: mid.outputToReported, unit: 'ms' });
    for (const r of noWork) {
      rows.push({ name: `no-work payload, ${r.ranges} ranges over ${CORES} cores: ranges per second`, value: (r.ranges / r.wallMs) * 1000, unit: '/s' });
      rows.push({ name: `no-work payload, ${r.ranges} ranges: cost per range (wall/ranges)`, value: r.wallMs / r.ranges, unit: 'ms', baseline: noWork[0].wallMs / noWork[0].ranges, baselineName: `${noWork[0].ranges} ranges`, goal: 'flat' });
      rows.push({ name: `no-work payload, ${r.ranges} ranges: Ready → range sent`, value: r.readyToRange, unit: 'ms', goal: '<= 2 ms' });
      rows.push({ name: `no-work payload, ${r.ranges} ranges: output → update sent`, value: r.outputToSent, unit: 'ms', baseline: r.outputToReported, baselineName: 'output→ack', goal: '<= 2 ms' });
    }
    const s3 = objectStoreFor({ queuedata: { name: site.scn.queue, astorages: { es_events: ['OS_ES'] } }, storagedata: await storagedata(site), env: { ...process.env, ...S3_ENV } })!;
    const withS3: RunResult[] = [];
    for (const n of sizes('PANDA_BENCH_ES_S3_SIZES', '100,1000')) withS3.push(await runOnce(site, n, s3, 1 << 20));
    for (const r of withS3) {
      rows.push({ name: `1 MB per range to S3, ${r.ranges} ranges: ranges per second`, value: (r.ranges / r.wallMs) * 1000, unit: '/s', baseline: withS3[0].ranges / withS3[0].wallMs * 1000, baselineName: `${withS3[0].ranges} ranges` });
      rows.push({ name: `1 MB per range to S3, ${r.ranges} ranges: output → stored and acknowledged`, value: r.outputToReported, unit: 'ms' });
    }
  } finally {
    await site.close();
  }
  const pilotRanges = Number(process.env.PANDA_BENCH_ES_PILOT_RANGES ?? 1000);
  if (pilotRanges > 0) {
    const real = await createEsSite([esJob(pilotRanges, { cores: 2, jobPars: '--output-bytes=1024' })], { es_output_mode: 'range' });
    try {
      const t0 = performance.now();
      const res = await startPilot(real.scn, [], S3_ENV).done;
      const ms = performance.now() - t0;
      const [job] = real.scn.emulator.jobs();
      const finished = job.eventRanges.filter((r) => r.status === 'finished').length;
      if (res.code !== 0 || finished !== pilotRanges || real.objects().length !== pilotRanges) throw new Error(`real pilot run: exit ${res.code}, ${finished} finished, ${real.objects().length} objects`);
      rows.push({ name: `real pilot: ${pilotRanges}-range job over 2 cores, 1 KB outputs to S3: pilot wall time`, value: ms / 1000, unit: 's' });
      rows.push({ name: `real pilot: ${pilotRanges}-range job: ranges per second (whole pilot run)`, value: (pilotRanges / ms) * 1000, unit: '/s' });
    } finally {
      await real.close();
    }
  }
  return rows;
}

async function storagedata(site: EsSite) {
  const res = await fetch(`${site.scn.emulator.url}/cache/ddmendpoints.json`);
  const all = (await res.json()) as Record<string, Record<string, unknown>>;
  const os = all.OS_ES;
  return { OS_ES: { ...os, pk: os.id } } as never;
}
