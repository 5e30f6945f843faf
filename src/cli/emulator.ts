/**
 * `panda-emulator`: run the PanDA server emulator, or send it admin commands.
 *
 *   panda-emulator [--port N] [--host H] [--state FILE] [--jobs FILE ...] [--queues FILE] [--trf-dir DIR]
 *   panda-emulator kill PANDAID (--url URL | --state FILE)
 *   panda-emulator debug PANDAID [--off] (--url URL | --state FILE)
 *   panda-emulator command PANDAID COMMAND (--url URL | --state FILE)
 *   panda-emulator jobs [--table] --url URL
 *   panda-emulator add JOBFILE... --url URL
 *   panda-emulator rucio [--port N] [--files FILE]
 *
 * The server logs every request on stderr (`--quiet` turns it off).
 * The server prints its URL as the first line of stdout, then runs until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import argparse from 'argparse';
import { applyCommand, startPandaEmulator, startRucioEmulator } from '../emulator/index.js';
import type { EmulatedFile } from '../emulator/rucio.js';
import type { RequestLogEntry } from '../emulator/server.js';
import { EmulatorStore } from '../emulator/store.js';
import type { JobRecord, QueueDefinition } from '../emulator/types.js';

const { ArgumentParser } = argparse;
const ADMIN_COMMANDS = ['kill', 'debug', 'command', 'jobs', 'add'];

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${what} file ${file}: ${(e as Error).message}`);
  }
}

/** Job definitions from a file: an array, `{jobs: [...]}`, or a single definition. */
function loadJobFile(file: string): unknown[] {
  const data = readJson(file, 'jobs');
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object' && Array.isArray((data as { jobs?: unknown }).jobs)) return (data as { jobs: unknown[] }).jobs;
  return [data];
}

function serveParser(): InstanceType<typeof ArgumentParser> {
  const p = new ArgumentParser({ prog: 'panda-emulator', description: 'PanDA server emulator (legacy dispatcher protocol) for local pilots and tests.',
    epilog: 'Admin commands: panda-emulator kill|debug|command|jobs|add ... (e.g. panda-emulator kill -h); the Rucio emulator: panda-emulator rucio -h. Per-job pages: <url>/job/<PandaID>.',
    color: false,
  });
  p.add_argument('--host', { default: '127.0.0.1', help: 'interface to listen on (default 127.0.0.1)' });
  p.add_argument('--port', { type: 'int', default: 0, help: 'port (default 0: a free port)' });
  p.add_argument('--state', { help: 'JSON state file (created, reloaded on restart)' });
  p.add_argument('--jobs', { nargs: '+', action: 'extend', default: [], help: 'job definition files (JSON)' });
  p.add_argument('--queues', { help: 'queue definitions (JSON object: name -> schedconfig fields); default one queue DEMO' });
  p.add_argument('--trf-dir', { dest: 'trf_dir', help: 'directory served as /trf/<name>' });
  p.add_argument('--storage-dir', { dest: 'storage_dir', help: 'root of the POSIX storage endpoints (<dir>/<RSE>), kept; default: a temp dir of this emulator, removed at exit' });
  p.add_argument('--heartbeat-timeout', { dest: 'heartbeat_timeout', type: 'float', help: 'lost-heartbeat timeout in seconds (default 7200)' });
  p.add_argument('--sent-timeout', { dest: 'sent_timeout', type: 'float', help: 'timeout of sent jobs in seconds (default 1800)' });
  p.add_argument('--adder-delay', { dest: 'adder_delay', type: 'float', help: 'seconds between a final update and finished/failed (default 0)' });
  p.add_argument('--quiet', { action: 'store_true', help: 'no request log on stderr' });
  return p;
}

function adminParser(): InstanceType<typeof ArgumentParser> {
  const p = new ArgumentParser({ prog: 'panda-emulator', description: 'Admin commands for a PanDA server emulator.', color: false });
  const sub = p.add_subparsers({ dest: 'cmd', required: true });
  const target = (q: InstanceType<typeof ArgumentParser>) => {
    const g = q.add_mutually_exclusive_group({ required: true });
    g.add_argument('--url', { help: 'emulator base URL (http://127.0.0.1:PORT)' });
    g.add_argument('--state', { help: 'state file of a stopped emulator' });
  };
  const kill = sub.add_parser('kill', { help: 'send tobekilled to a job (cancel it when not dispatched)' });
  kill.add_argument('pandaid', { type: 'int' });
  target(kill);
  const debug = sub.add_parser('debug', { help: 'switch debug mode on (or off with --off)' });
  debug.add_argument('pandaid', { type: 'int' });
  debug.add_argument('--off', { action: 'store_true' });
  target(debug);
  const cmd = sub.add_parser('command', { help: 'store any command for the pilot (e.g. "tail -n 20 payload.stdout")' });
  cmd.add_argument('pandaid', { type: 'int' });
  cmd.add_argument('command');
  target(cmd);
  const jobs = sub.add_parser('jobs', { help: 'print the job records (JSON, or a table with --table)' });
  jobs.add_argument('--url', { required: true, help: 'emulator base URL' });
  jobs.add_argument('--table', { action: 'store_true', help: 'one line per job: PandaID, queue, label, state, error codes' });
  const add = sub.add_parser('add', { help: 'add jobs to a running emulator (job definition files, JSON)' });
  add.add_argument('files', { nargs: '+', help: 'job definition files (an array, {jobs: [...]}, or one definition)' });
  add.add_argument('--url', { required: true, help: 'emulator base URL' });
  return p;
}

async function runAdmin(argv: string[]): Promise<number> {
  const a = adminParser().parse_args(argv) as { cmd: string; pandaid?: number; off?: boolean; command?: string; url?: string; state?: string; table?: boolean; files?: string[] };
  if (a.cmd === 'jobs') {
    const res = await fetch(new URL('/admin/jobs', a.url));
    const records = (await res.json()) as JobRecord[];
    process.stdout.write(a.table ? jobTable(records) : JSON.stringify(records, null, 1) + '\n');
    return res.ok ? 0 : 1;
  }
  if (a.cmd === 'add') {
    const defs = (a.files ?? []).flatMap(loadJobFile);
    const res = await fetch(new URL('/admin/jobs', a.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(defs) });
    const out = (await res.json()) as { added?: number[]; error?: string };
    if (!res.ok) throw new Error(out.error ?? `HTTP ${res.status}`);
    process.stdout.write(`${(out.added ?? []).join('\n')}\n`);
    return 0;
  }
  const command = a.cmd === 'kill' ? 'tobekilled' : a.cmd === 'debug' ? (a.off ? 'debugoff' : 'debug') : String(a.command);
  let result: { ok: boolean; message: string };
  if (a.url) {
    const res = await fetch(new URL('/admin/command', a.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pandaID: a.pandaid, command }) });
    result = (await res.json()) as { ok: boolean; message: string };
  } else {
    const store = new EmulatorStore({}, Date.now, { heartbeatTimeoutS: 7200, sentTimeoutS: 1800, holdingTimeoutS: 172800, adderDelayS: 0, archiveDelayS: 0 }, a.state);
    if (!store.restored) throw new Error(`state file ${a.state} not found`);
    result = applyCommand(store, Number(a.pandaid), command);
    store.close();
  }
  (result.ok ? process.stdout : process.stderr).write(result.message + '\n');
  return result.ok ? 0 : 1;
}

async function runServer(argv: string[]): Promise<void> {
  const a = serveParser().parse_args(argv) as {
    host: string;
    port: number;
    state?: string;
    jobs: string[];
    queues?: string;
    trf_dir?: string;
    storage_dir?: string;
    heartbeat_timeout?: number;
    sent_timeout?: number;
    adder_delay?: number;
    quiet?: boolean;
  };
  const queues = a.queues ? (readJson(a.queues, 'queues') as Record<string, QueueDefinition>) : { DEMO: {} };
  // with --storage-dir the mv copytool reads inputs from and writes outputs to it (unless a queue says otherwise)
  if (a.storage_dir) for (const q of Object.values(queues)) q.catchall ??= 'mv_final_destination';
  if (!queues || typeof queues !== 'object' || Array.isArray(queues)) throw new Error(`queues file ${a.queues}: expected an object name -> definition`);
  const jobs = a.jobs.flatMap(loadJobFile);
  const emu = await startPandaEmulator({
    host: a.host,
    port: a.port,
    stateFile: a.state,
    queues,
    jobs,
    trfDir: a.trf_dir,
    storageDir: a.storage_dir,
    heartbeatTimeoutS: a.heartbeat_timeout,
    sentTimeoutS: a.sent_timeout,
    adderDelayS: a.adder_delay,
    onRequest: a.quiet ? undefined : (e) => process.stderr.write(`${requestLine(e, emu)}\n`),
  });
  process.stdout.write(`${emu.url}\n`);
  process.stderr.write(`panda-emulator: ${emu.jobs().length} jobs, queues ${Object.keys(queues).join(', ')}; status page ${emu.url}/\n`);
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** One line of the console request log; a getJob without a job says why when the emulator can tell. */
function requestLine(e: RequestLogEntry, emu: { jobs(): JobRecord[] } | undefined): string {
  const p = e.params ?? {};
  const keys = ['siteName', 'prodSourceLabel', 'jobId', 'state', 'pilotErrorCode', 'transExitCode'].filter((k) => p[k] !== undefined && p[k] !== '');
  let line = `${new Date(e.time).toISOString().slice(11, 19)} ${e.httpMethod} ${e.path} ${e.status}${e.fault ? ` fault=${e.fault}` : ''} ${keys.map((k) => `${k}=${String(p[k])}`).join(' ')}`.trimEnd();
  if (e.method === 'getJob' && emu) {
    const site = String(p.siteName ?? '');
    const waiting = emu.jobs().filter((j) => j.computingSite === site && j.jobStatus === 'activated');
    const asked = String(p.prodSourceLabel ?? 'managed');
    // a label none of the waiting jobs has: nothing could be sent (managed also takes test labels)
    if (waiting.length && asked !== 'managed' && !waiting.some((j) => j.prodSourceLabel === asked)) {
      const labels = [...new Set(waiting.map((j) => j.prodSourceLabel))].join(',');
      line += ` (no job sent: ${waiting.length} activated at ${site} with label ${labels}; the pilot asked for ${asked}: try -j ${waiting[0].prodSourceLabel})`;
    }
  }
  return line;
}

/** `panda-emulator jobs --table`. */
function jobTable(records: JobRecord[]): string {
  const head = ['PandaID', 'queue', 'label', 'state', 'attempt', 'pilotErrorCode', 'transExitCode', 'updates', 'pilotErrorDiag'];
  const rows = records.map((j) => [j.PandaID, j.queue, j.prodSourceLabel, j.jobStatus, j.attemptNr, j.reported.pilotErrorCode ?? '', j.reported.transExitCode ?? '', j.updates.length, String(j.reported.pilotErrorDiag ?? '').slice(0, 60)].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

/** `panda-emulator rucio`: the Rucio emulator alone (replica lookups, traces, auth). */
async function runRucio(argv: string[]): Promise<void> {
  const p = new ArgumentParser({ prog: 'panda-emulator rucio', description: 'Rucio emulator: POST /replicas/list, GET /replicas/{scope}/{name}, /auth/userpass, POST /traces/.', color: false });
  p.add_argument('--host', { default: '127.0.0.1', help: 'interface to listen on (default 127.0.0.1)' });
  p.add_argument('--port', { type: 'int', default: 0, help: 'port (default 0: a free port)' });
  p.add_argument('--files', { help: 'JSON file of replicas: [{scope, name, bytes, adler32, replicas: [{rse, pfn}]}]' });
  const a = p.parse_args(argv) as { host: string; port: number; files?: string };
  const files = a.files ? (readJson(a.files, 'replica') as EmulatedFile[]) : [];
  const rucio = await startRucioEmulator({ host: a.host, port: a.port, files });
  process.stdout.write(`${rucio.url}\n`);
  process.stderr.write(`panda-emulator rucio: ${files.length} files; traces are printed as they arrive\n`);
  let seen = 0;
  const timer = setInterval(() => {
    for (; seen < rucio.traces.length; seen++) process.stderr.write(`trace ${JSON.stringify(rucio.traces[seen])}\n`);
  }, 500);
  const stop = () => {
    clearInterval(timer);
    void rucio.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Entry point (argv without node and script). */
async function main(argv: string[]): Promise<void> {
  try {
    if (argv[0] === 'rucio') await runRucio(argv.slice(1));
    else if (argv.length > 0 && ADMIN_COMMANDS.includes(argv[0])) process.exitCode = await runAdmin(argv);
    else await runServer(argv);
  } catch (e) {
    process.stderr.write(`panda-emulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
}

await main(process.argv.slice(2));
