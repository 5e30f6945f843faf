/**
 * Test helper: a real RabbitMQ broker (Debian rabbitmq-server) with its STOMP plugin, on free
 * loopback ports, its node, Erlang port mapper and data in a temp directory (the broker runs as
 * the `rabbitmq` user the package creates). The default guest/guest login is allowed from loopback.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './xrootd.js';

export interface Broker {
  stompPort: number;
  stop(): Promise<void>;
}

export async function startRabbitmq(): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'rabbitmq-'));
  for (const d of ['mnesia', 'log']) mkdirSync(join(dir, d));
  const [amqp, dist, epmd, stomp] = [await freePort(), await freePort(), await freePort(), await freePort()];
  writeFileSync(join(dir, 'enabled_plugins'), '[rabbitmq_stomp].\n');
  writeFileSync(join(dir, 'rabbitmq.conf'), [`listeners.tcp.default = 127.0.0.1:${amqp}`, `stomp.listeners.tcp.1 = 127.0.0.1:${stomp}`, 'loopback_users = none', ''].join('\n'));
  const [u, g] = ids('rabbitmq');
  const chown = (p: string) => {
    chownSync(p, u, g);
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.isDirectory()) chown(join(p, e.name));
      else chownSync(join(p, e.name), u, g);
    }
  };
  chown(dir);
  const env = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: `pp${stomp}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqp),
    RABBITMQ_DIST_PORT: String(dist),
    ERL_EPMD_PORT: String(epmd),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
  };
  const proc: ChildProcess = spawn('rabbitmq-server', [], { env, stdio: 'ignore', detached: true });
  await waitForPort(stomp, 120_000, proc);
  return {
    stompPort: stomp,
    stop: async () => {
      // rabbitmq-server re-starts itself as the rabbitmq user in a session of its own, so its
      // processes (the shell, beam, epmd) are found by the node name they all inherit
      const mark = `RABBITMQ_NODENAME=${env.RABBITMQ_NODENAME}`;
      const ours = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(mark);
        } catch {
          return false;
        }
      });
      const signal = (sig: NodeJS.Signals) => {
        for (const pid of ours()) {
          try {
            process.kill(pid, sig);
          } catch {
            // already gone
          }
        }
      };
      signal('SIGTERM');
      for (let i = 0; i < 100 && ours().length; i++) await new Promise((r) => setTimeout(r, 100));
      signal('SIGKILL');
      if (proc.exitCode === null && proc.signalCode === null) await once(proc, 'exit');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A system user's uid and gid (the package's rabbitmq user). */
function ids(user: string): [number, number] {
  const id = (flag: string) => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
  const [u, g] = [id('-u'), id('-g')];
  if (!Number.isInteger(u) || !Number.isInteger(g)) throw new Error(`no ${user} user: install rabbitmq-server`);
  return [u, g];
}
