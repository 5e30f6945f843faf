#!/usr/bin/env node
/**
 * A reference event-service payload: speaks the pilot's protocol over yampl's local channel as
 * AthenaMP does, and writes one output file per range (`<eventRangeID>.out`). It finds the
 * channel as AthenaMP would (`--preExec '...EventRangeChannel="<name>"'`, `--mtes-channel=`) or
 * in PILOT_EVENTRANGECHANNEL. Options make every path testable:
 *
 *   --workers=N        ranges in parallel (default ATHENA_PROC_NUMBER or 1)
 *   --work-ms=N        time spent per range (default 0)
 *   --output-bytes=N   size of each output (default 64)
 *   --fail-every=N     every N-th range is reported `ERR_ATHENAMP_PROCESS <id>: ...`
 *   --fatal-range=N    the N-th range is reported `ERR_TE_FATAL <id>: ...`
 *   --crash-after=N    after N ranges, take one more and die by SIGSEGV
 *   --hang-after=N     after N ranges, take one more and hang without a word
 *   --exit-after=N     after N ranges, take one more and exit 0 (early exit)
 *   --linger           stay alive after `No more events` (the pilot's waiting time ends it)
 *   --escape-range=N   the N-th range names /etc/hostname as its output (the pilot must refuse it)
 *   --merge            merge mode: concatenate the files listed in the `@list` argument of
 *                      --inputFile into --outputFile (the ES merge job)
 */
import { createWriteStream, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { channelFromArgs, READY_FOR_EVENTS, NO_MORE_EVENTS } from './protocol.js';
import { YamplClient } from './yampl.js';

function opt(argv: string[], name: string, fallback = ''): string {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  if (hit) return hit.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : fallback;
}

const num = (argv: string[], name: string, fallback: number) => {
  const v = opt(argv, name, '');
  return v === '' ? fallback : Number(v);
};

/** Merge: the list file (`@name` argument, written by the pilot from writeToFile) names the inputs; zip inputs were unpacked by the pilot. */
async function merge(argv: string[]): Promise<void> {
  const list = (argv.find((a) => a.startsWith('@')) ?? `@${opt(argv, 'inputFile')}`).slice(1);
  const out = opt(argv, 'outputFile', 'merged.out');
  const names = readFileSync(list, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('--'));
  const tar = await import('tar');
  writeFileSync(out, '');
  let parts = 0;
  for (const n of names) {
    const members: string[] = [];
    if (n.endsWith('.tar')) await tar.t({ file: n, onReadEntry: (e) => void members.push(e.path) });
    else members.push(n);
    for (const m of members.sort()) appendFileSync(out, readFileSync(m));
    parts += members.length;
  }
  console.log(`merged ${parts} outputs from ${names.length} files into ${out}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--merge')) return merge(argv);
  const channel = channelFromArgs(argv, process.env);
  if (!channel) {
    console.error('no event-range channel on the command line or in PILOT_EVENTRANGECHANNEL');
    process.exit(65);
  }
  const workers = num(argv, 'workers', Number(process.env.ATHENA_PROC_NUMBER) || 1);
  const workMs = num(argv, 'work-ms', 0);
  const bytes = num(argv, 'output-bytes', 64);
  const failEvery = num(argv, 'fail-every', 0);
  const fatalRange = num(argv, 'fatal-range', 0);
  const crashAfter = num(argv, 'crash-after', -1);
  const hangAfter = num(argv, 'hang-after', -1);
  const exitAfter = num(argv, 'exit-after', -1);
  const escapeRange = num(argv, 'escape-range', 0);
  const client = await YamplClient.connect(channel, `payload-${process.pid}`);
  const payloadBytes = Buffer.alloc(bytes, 0x61);
  let taken = 0;
  let done = 0;

  // One conversation at a time on the socket (AthenaMP's mother process serialises them too).
  let lock: Promise<unknown> = Promise.resolve();
  const ask = (): Promise<string> => {
    const p = lock.then(async () => {
      client.send(READY_FOR_EVENTS);
      return client.recv();
    });
    lock = p.catch(() => undefined);
    return p;
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      const reply = await ask();
      if (!reply || reply.includes(NO_MORE_EVENTS)) return;
      const [range] = JSON.parse(reply) as Record<string, unknown>[];
      const id = String(range.eventRangeID);
      const n = ++taken;
      if (crashAfter >= 0 && n > crashAfter) process.kill(process.pid, 'SIGSEGV');
      if (exitAfter >= 0 && n > exitAfter) process.exit(0);
      if (hangAfter >= 0 && n > hangAfter) await new Promise(() => setInterval(() => undefined, 1 << 30));
      if (workMs) await new Promise((r) => setTimeout(r, workMs));
      if (fatalRange && n === fatalRange) {
        client.send(`ERR_TE_FATAL ${id}: range ${n} cannot be processed`);
      } else if (escapeRange && n === escapeRange) {
        client.send(`/etc/hostname,ID:${id},CPU:0,WALL:0`);
      } else if (failEvery && n % failEvery === 0) {
        client.send(`ERR_ATHENAMP_PROCESS ${id}: Failed to process event range`);
      } else {
        const out = `${id}.out`;
        await new Promise<void>((resolve, reject) => createWriteStream(out).on('error', reject).end(payloadBytes, resolve));
        const cpu = (process.cpuUsage().user / 1e6).toFixed(2);
        client.send(`${process.cwd()}/${out},ID:${id},CPU:${cpu},WALL:${(workMs / 1000).toFixed(2)}`);
      }
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
  console.log(`processed ${done} event ranges`);
  if (argv.includes('--linger')) await new Promise(() => setInterval(() => undefined, 1 << 30));
  client.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(70);
});
