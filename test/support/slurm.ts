/**
 * Test helper: a real one-node Slurm cluster (Debian slurm-wlm + munge) in a temp directory:
 * munged on its own socket and key, slurmctld and slurmd in the foreground on free loopback ports,
 * one partition with `cpus` job slots (more than the machine's cores: the pilots mostly wait).
 * Everything is started here and stopped by stop(); nothing under /etc or /run is touched.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './xrootd.js';

const run = promisify(execFile);

export interface SlurmCluster {
  dir: string;
  /** Environment for the Slurm commands (SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  /** Run a Slurm client command (sbatch, squeue, srun, scancel, ...). */
  cmd(name: string, args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }>;
  /** Wait until no job of the cluster is pending or running. */
  waitIdle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`slurm: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Start munged, slurmctld and slurmd. */
export async function startSlurm(cpus = 8): Promise<SlurmCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'slurm-'));
  const procs: ChildProcess[] = [];
  const mungeDir = path.join(dir, 'munge');
  await Promise.all(['munge', 'state', 'spool', 'log'].map((d) => mkdir(path.join(dir, d))));
  await chmod(mungeDir, 0o711);
  const key = path.join(mungeDir, 'munge.key');
  await writeFile(key, randomBytes(1024), { mode: 0o400 });
  const socket = path.join(mungeDir, 'munge.sock');
  const node = hostname().split('.')[0];
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  await writeFile(
    conf,
    [
      'ClusterName=pandapilot',
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${dPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'SchedulerParameters=sched_interval=1',
      'MpiDefault=none',
      'ReturnToService=2',
      'SlurmdParameters=config_overrides',
      'MinJobAge=600',
      'KillWait=5',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=8000 State=UNKNOWN`,
      'PartitionName=pilots Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const daemon = (bin: string, args: string[]) => {
    const p = spawn(bin, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    p.on('exit', (code) => {
      if (code) process.stderr.write(`slurm: ${bin} exited ${code}: ${err}\n`);
    });
    procs.push(p);
    return p;
  };
  const cmd: SlurmCluster['cmd'] = (name, args, opts = {}) => run(name, args, { env: { ...env, ...opts.env, SLURM_CONF: conf }, cwd: opts.cwd ?? dir, maxBuffer: 16 << 20 });
  const stop = async () => {
    await cmd('scancel', ['--full', '--quiet', '-u', 'root']).catch(() => undefined);
    for (const p of procs.reverse()) {
      if (p.exitCode !== null || p.signalCode !== null) continue;
      const gone = once(p, 'exit');
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    daemon('munged', ['-F', '-f', `--socket=${socket}`, `--key-file=${key}`, `--log-file=${dir}/log/munged.log`, `--pid-file=${mungeDir}/munged.pid`, `--seed-file=${mungeDir}/seed`]);
    await waitFor(async () => (await run('munge', ['-S', socket, '-n'])).stdout.length > 0, 'munged', 60_000);
    daemon('slurmctld', ['-D', '-i', '-f', conf]);
    await waitFor(async () => (await cmd('scontrol', ['ping'])).stdout.includes('UP'), 'slurmctld', 60_000);
    daemon('slurmd', ['-D', '-f', conf]);
    await waitFor(async () => /idle|mix|alloc/.test((await cmd('sinfo', ['-h', '-o', '%T'])).stdout), 'slurmd', 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    dir,
    env,
    cmd,
    waitIdle: (timeoutMs = 240_000) => waitFor(async () => (await cmd('squeue', ['-h', '-o', '%i'])).stdout.trim() === '', 'the queue to empty', timeoutMs),
    stop,
  };
}
