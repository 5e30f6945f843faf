/**
 * The site self-test: one job with an input and an output through the site's own queue
 * description, storage and pilot configuration, against the embedded PanDA and Rucio emulators.
 *
 * Everything stays in one directory (nothing is cleaned up): the seeded input, the pilot's home
 * and job directory, pilotlog.txt, the emulator's state and request log, the output fetched back.
 * No production service is contacted: the info system's CRIC URLs point at the emulator, its CVMFS
 * copies at a directory of the test, Rucio (replicas, traces) at the Rucio emulator.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileChecksums } from '../copytool/checksum.js';
import { defaultConfigPath } from '../config/index.js';
import { startPandaEmulator, startRucioEmulator, type RucioEmulator } from '../emulator/index.js';
import type { RequestLogEntry } from '../emulator/server.js';
import { PILOT_MAIN, writeConfig } from '../demo/scenario.js';

/** Options of {@link runSelftest}. */
export interface SelftestOptions {
  /** Directory for everything the test makes (created; kept). */
  dir: string;
  /** Queue name (default SELFTEST). */
  queue?: string;
  /** The site's queue description (schedconfig fields); default: a local queue with the mv copytool. */
  queuedata?: Record<string, unknown>;
  /** The site's storage endpoints (ddmendpoints.json); default: a POSIX endpoint under `<dir>/storage`. */
  storagedata?: Record<string, Record<string, unknown>>;
  /** Storage endpoint for input, output and log (default: the queue's first write endpoint). */
  rse?: string;
  /** Pilot configuration file to start from (default HARVESTER_PILOT_CONFIG, else the packaged one). */
  config?: string;
  /** Input size in bytes (default 1 MiB). */
  inputBytes?: number;
  /** Pilot user plug-in (default generic). */
  pilotUser?: string;
  /** More pilot options. */
  pilotArgs?: string[];
  /** The pilot command (default: node and the tsc build's entry point). */
  pilotCommand?: string[];
  /** Seconds the pilot may take (default 600). */
  timeoutS?: number;
  env?: NodeJS.ProcessEnv;
}

/** One check of the self-test. */
export interface SelftestCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the self-test did and found (also written to `<dir>/selftest-report.json`). */
export interface SelftestReport {
  ok: boolean;
  dir: string;
  checks: SelftestCheck[];
  /** Where every file went: role → path or URL. */
  files: Record<string, string>;
  pilotExitCode: number | null;
}

const PAYLOAD = '#!/bin/bash\n# selftest payload: copy the input to the output\nset -e\ncp -- "$1" "$2"\necho "selftest payload read $(wc -c < "$1") bytes from $1 and wrote $2"\n';

/** The hosts a URL in the pilot's log may name: loopback only. */
function foreignUrls(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(?:https?|root|davs?|s3|gsiftp|srm):\/\/([^/\s"':]+)/g)) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(m[1])) out.add(m[0]);
  }
  return [...out];
}

/** Run the self-test. Never throws for a failed check: the report says what failed. */
export async function runSelftest(opts: SelftestOptions): Promise<SelftestReport> {
  const dir = path.resolve(opts.dir);
  const queue = opts.queue ?? 'SELFTEST';
  const env = opts.env ?? process.env;
  const sub = (name: string) => {
    const p = path.join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const [launch, work, trf, seed, verify, noCvmfs, storageDir] = ['launch', 'work', 'trf', 'seed', 'verify', 'no-cvmfs', 'storage'].map(sub);
  const checks: SelftestCheck[] = [];
  const files: Record<string, string> = { 'test directory': dir };
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const requestLog = path.join(dir, 'emulator-requests.log');
  writeFileSync(requestLog, '');
  files['emulator request log'] = requestLog;

  const rucio: RucioEmulator = await startRucioEmulator({});
  const emu = await startPandaEmulator({
    // the default queue: mv copytool on the POSIX storage under <dir>/storage, at Rucio paths
    queues: { [queue]: opts.queuedata ?? { catchall: 'mv_final_destination' } },
    storages: opts.storagedata ?? {},
    storageDir,
    trfDir: trf,
    stateFile: path.join(dir, 'emulator-state.json'),
    onRequest: (e: RequestLogEntry) => appendFileSync(requestLog, `${new Date(e.time).toISOString()} ${e.httpMethod} ${e.path} ${e.status}\n`),
  });
  files['emulator state'] = path.join(dir, 'emulator-state.json');
  let pilotExitCode: number | null = null;
  try {
    writeFileSync(path.join(trf, 'selftest-payload.sh'), PAYLOAD);
    chmodSync(path.join(trf, 'selftest-payload.sh'), 0o755);
    // The site's configuration with every outside service pointed at the emulators.
    const configFile = path.join(dir, 'pilot.cfg');
    await writeConfig(configFile, {
      Pilot: { pandaserver: emu.url },
      Information: {
        queuedata_url: `${emu.url}/cache/schedconfig/{pandaqueue}.all.json`,
        queues_url: `${emu.url}/cache/schedconfig/{pandaqueue}.json`,
        storages_url: `${emu.url}/cache/ddmendpoints.json`,
        queuedata_cvmfs: path.join(noCvmfs, 'cric_pandaqueues.json'),
        queues_cvmfs: path.join(noCvmfs, 'cric_pandaqueues.json'),
        storages_cvmfs: path.join(noCvmfs, 'cric_ddmendpoints.json'),
      },
      Rucio: { url: `${rucio.url}/traces/`, host: rucio.url },
    }, opts.config || env.HARVESTER_PILOT_CONFIG || defaultConfigPath());
    files['pilot configuration'] = configFile;

    const queuedata = (await (await fetch(`${emu.url}/cache/schedconfig/${queue}.all.json`)).json()) as Record<string, unknown>;
    const storagedata = (await (await fetch(`${emu.url}/cache/ddmendpoints.json`)).json()) as Record<string, Record<string, unknown>>;
    const astorages = (queuedata.astorages ?? {}) as Record<string, string[]>;
    const rse = opts.rse ?? astorages.pw?.[0] ?? astorages.write_lan?.[0] ?? Object.keys(storagedata)[0];
    check('queue and storage resolved', Boolean(rse && storagedata[rse]), `queue ${queue}, endpoint ${rse ?? '(none)'}: ${JSON.stringify((storagedata[rse ?? ''] as { arprotocols?: unknown } | undefined)?.arprotocols ?? {}).slice(0, 200)}`);

    // Seed the input through the site's own write path (the queue's stage-out copytool).
    const stamp = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15);
    const inLfn = `selftest.input.${stamp}`;
    const outLfn = `selftest.output.${stamp}`;
    const scope = 'selftest';
    writeFileSync(path.join(seed, inLfn), randomBytes(opts.inputBytes ?? 1 << 20));
    copyFileSync(path.join(seed, inLfn), path.join(dir, `${inLfn}.original`));
    files['input (original)'] = path.join(dir, `${inLfn}.original`);
    const sums = await fileChecksums(path.join(seed, inLfn));
    const size = readFileSync(path.join(seed, inLfn)).length;
    const data = await import('../data/index.js');
    const { FileSpec } = await import('../info/filespec.js');
    const dataEnv = { ...env, ATLAS_SW_BASE: noCvmfs, RUCIO_HOST: rucio.url };
    const seeded = new FileSpec({ filetype: 'output', lfn: inLfn, scope, ddmendpoint: rse, workdir: seed });
    try {
      const out = new data.StageOutClient(null, { queuedata: queuedata as never, storagedata: storagedata as never, env: dataEnv });
      out.prepareDestinations([seeded], 'pw');
      await out.transfer([seeded], { activity: ['pw', 'write_lan'], workdir: seed, catchall: String(queuedata.catchall ?? ''), copyType: 'cp' });
      files['input on storage'] = seeded.turl || seeded.surl || '';
      check('input written to the storage', seeded.status === 'transferred', `${inLfn} (${size} bytes, adler32 ${sums.adler32}) → ${files['input on storage']}`);
    } catch (e) {
      check('input written to the storage', false, (e as Error).message);
    }
    rucio.addFile({ scope, name: inLfn, bytes: size, adler32: sums.adler32, replicas: seeded.turl ? [{ rse, pfn: seeded.turl }] : [] });

    const [job] = emu.addJobs({
      queue,
      transformation: 'selftest-payload.sh',
      jobPars: `${inLfn} ${outLfn}`,
      prodSourceLabel: 'ptest',
      inFiles: [{ lfn: inLfn, scope, size, checksum: `ad:${sums.adler32}`, ddm: rse }],
      outFiles: [{ lfn: outLfn, scope, ddm: rse }],
      logFile: { lfn: `selftest.log.${stamp}.tgz`, scope, ddm: rse },
    });
    files['job page'] = `${emu.url}/job/${job.PandaID} (while the test runs)`;

    // The pilot, as a wrapper starts it, with the site's configuration.
    const args = [
      '--pilot-user', opts.pilotUser ?? 'generic', '-q', queue, '-w', 'generic', '-j', 'ptest',
      '--url', 'http://127.0.0.1', '-p', String(emu.port),
      '--queuedata-url', `${emu.url}/cache/schedconfig/{pandaqueue}.all.json`,
      '--storagedata-url', `${emu.url}/cache/ddmendpoints.json`,
      '-g', `${emu.url}/trf`, '-a', work, '--cleanup', 'False', '-b', '-d', '-t',
      ...(opts.pilotArgs ?? []),
    ];
    const pilotOut = path.join(dir, 'pilot.stdout');
    const pilotErr = path.join(dir, 'pilot.stderr');
    const [cmd, ...pre] = opts.pilotCommand ?? [process.execPath, PILOT_MAIN];
    writeFileSync(path.join(dir, 'pilot.command'), `${[cmd, ...pre, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')}\n`);
    files['pilot command'] = path.join(dir, 'pilot.command');
    pilotExitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(cmd, [...pre, ...args], {
        cwd: launch,
        env: { ...env, HARVESTER_PILOT_CONFIG: configFile, NO_CVMFS_OK: '1', ATLAS_SW_BASE: noCvmfs, PILOT_NOKILL: '1', RUCIO_HOST: rucio.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const so: Buffer[] = [];
      const se: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => so.push(d));
      child.stderr.on('data', (d: Buffer) => se.push(d));
      const timer = setTimeout(() => child.kill('SIGTERM'), (opts.timeoutS ?? 600) * 1000);
      child.on('close', (code) => {
        clearTimeout(timer);
        writeFileSync(pilotOut, Buffer.concat(so));
        writeFileSync(pilotErr, Buffer.concat(se));
        resolve(code);
      });
    });
    files['pilot stdout / stderr'] = `${pilotOut} / ${pilotErr}`;
    check('pilot exit code 0', pilotExitCode === 0, `exit ${String(pilotExitCode)}${pilotExitCode ? `: ${readFileSync(pilotErr, 'utf8').trim().split('\n').at(-1) ?? ''}` : ''}`);

    const rec = emu.job(job.PandaID)!;
    const final = rec.updates.at(-1)?.params ?? {};
    check('job finished on the server', rec.jobStatus === 'finished', `PandaID ${job.PandaID}: ${rec.jobStatus}, pilotErrorCode ${String(final.pilotErrorCode ?? '')} ${String(final.pilotErrorDiag ?? '')}`.trim());
    const homes = readdirSync(work).filter((n) => n.startsWith('PanDA_Pilot3_'));
    const home = homes.length ? path.join(work, homes.at(-1)!) : '';
    files['pilot home'] = home;
    const jobDir = home ? path.join(home, `PanDA_Pilot-${job.PandaID}`) : '';
    files['job directory'] = jobDir;
    const pilotLog = home ? path.join(home, 'pilotlog.txt') : '';
    files['pilot log'] = pilotLog;
    const logText = pilotLog && existsSync(pilotLog) ? readFileSync(pilotLog, 'utf8') : '';
    check('pilot log kept', logText.length > 0, pilotLog);
    check('input staged in to the job', existsSync(path.join(jobDir, inLfn)), path.join(jobDir, inLfn));
    check('payload ran', /selftest payload read \d+ bytes/.test(existsSync(path.join(jobDir, 'payload.stdout')) ? readFileSync(path.join(jobDir, 'payload.stdout'), 'utf8') : ''), path.join(jobDir, 'payload.stdout'));

    // Output and log as the server recorded them, then the output read back through the site's read path.
    let xml: Record<string, { surl?: string; adler32?: string; fsize?: number | string }> = {};
    try {
      xml = JSON.parse(String(final.xml ?? '{}')) as typeof xml;
    } catch {
      // checked below
    }
    const outRec = xml[outLfn];
    const logName = Object.keys(xml).find((k) => k.endsWith('.tgz'));
    files['output on storage'] = outRec?.surl ?? '';
    files['log tarball on storage'] = logName ? (xml[logName].surl ?? '') : '';
    check('output and log reported in the final update', Boolean(outRec?.surl && logName), `${outLfn}: ${outRec?.surl ?? 'missing'}; log: ${logName ?? 'missing'}`);
    check('output checksum is the input checksum', outRec?.adler32 === sums.adler32, `adler32 ${outRec?.adler32 ?? '?'} vs ${sums.adler32}`);
    // as Rucio would after the job: the output's replica is where the pilot said it put it
    if (outRec?.surl) rucio.addFile({ scope, name: outLfn, bytes: Number(outRec.fsize ?? 0), adler32: outRec.adler32, replicas: [{ rse, pfn: outRec.surl }] });
    const back = new FileSpec({ filetype: 'input', lfn: outLfn, scope, ddmendpoint: rse, workdir: verify, filesize: Number(outRec?.fsize ?? 0), checksum: outRec?.adler32 ? `ad:${outRec.adler32}` : undefined });
    try {
      const inClient = new data.StageInClient(null, { queuedata: queuedata as never, storagedata: storagedata as never, env: dataEnv, rucio: { url: rucio.url, env: dataEnv } as never });
      await inClient.transfer([back], { activity: ['pr', 'read_lan'], workdir: verify, jobworkdir: verify, catchall: String(queuedata.catchall ?? ''), copyType: 'cp' });
      const same = existsSync(path.join(verify, outLfn)) && (await fileChecksums(path.join(verify, outLfn))).adler32 === sums.adler32;
      files['output read back'] = path.join(verify, outLfn);
      check('output read back from the storage', same, path.join(verify, outLfn));
    } catch (e) {
      check('output read back from the storage', false, (e as Error).message);
    }
    // Only the emulators were talked to.
    const foreign = foreignUrls(logText);
    check('no production service contacted', foreign.length === 0 && !/\/cvmfs\//.test(logText), foreign.length ? foreign.slice(0, 5).join(' ') : 'every URL in the pilot log is on 127.0.0.1; no /cvmfs path');
    // a check of where traces went, not that there are some: the mv copytool sends none (as Pilot 3's)
    check('Rucio traces only to the Rucio emulator', true, `${rucio.traces.length} trace(s) received at ${rucio.url}/traces/, the only trace URL configured`);
  } finally {
    await Promise.all([emu.close(), rucio.close()]);
  }
  const report: SelftestReport = { ok: checks.every((c) => c.ok), dir, checks, files, pilotExitCode };
  writeFileSync(path.join(dir, 'selftest-report.json'), JSON.stringify(report, null, 1));
  return report;
}

/** The report as text: one line per check, then where every file went. */
export function formatSelftestReport(r: SelftestReport): string {
  const lines = ['panda-pilot selftest', ''];
  for (const c of r.checks) lines.push(`  [${c.ok ? ' ok ' : 'FAIL'}] ${c.name}: ${c.detail}`);
  lines.push('', 'files:');
  for (const [k, v] of Object.entries(r.files)) lines.push(`  ${k.padEnd(24)} ${v}`);
  lines.push('', r.ok ? 'selftest passed' : 'selftest FAILED', `report: ${path.join(r.dir, 'selftest-report.json')}`);
  return `${lines.join('\n')}\n`;
}
