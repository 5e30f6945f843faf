/**
 * `--subscribe-to-msgsvc`: the pilot listens on PanDA's message broker (STOMP, the [Message_broker]
 * url and receiver_port; `/topic/panda.pilot`, or `/queue/panda.pilot` with
 * `--allow-same-user False`) as Pilot 3 does, with the broker login PanDA keeps as user secrets
 * (MB_USERNAME, MB_PASSWORD). Messages are JSON `{"msg_type": ...}`:
 * - `get_job` `{taskid}`: the pilot's next getJob asks for a job of that task (getJob waits for
 *   one, as in Pilot 3);
 * - `finish_task`: no further job; the running one finishes;
 * - `kill_task`: the pilot ends, and (better than Pilot 3, which only stops taking jobs) the
 *   running job is killed and reported with PANDAKILL (1144).
 */
import { errors, type PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { StompSubscription } from '../server/stomp.js';

/** A message from the broker. */
export interface PilotMessage {
  msg_type: string;
  taskid?: number | string;
  [key: string]: unknown;
}

/** What the message service needs of the server client. */
export interface SecretsSource {
  request(cmd: string, data?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** The broker login from PanDA: the current API's `{success, data}` or the legacy `[true, {...}]`. */
export async function brokerCredentials(client: SecretsSource): Promise<{ username: string; password: string } | undefined> {
  const keys = 'MB_USERNAME,MB_PASSWORD';
  for (const [cmd, data] of [
    ['api/v1/creds/get_user_secrets', { keys: keys.split(',') }],
    ['get_user_secrets', { get_json: true, keys }],
  ] as const) {
    try {
      const ans = (await client.request(cmd, data, { attempts: 1, panda: true })) as unknown;
      const secrets = Array.isArray(ans) ? (ans[0] ? ans[1] : undefined) : (ans as { success?: boolean; data?: unknown }).success ? (ans as { data: unknown }).data : undefined;
      const s = (typeof secrets === 'string' ? JSON.parse(secrets) : secrets) as Record<string, string> | undefined;
      if (s?.MB_USERNAME && s.MB_PASSWORD) return { username: s.MB_USERNAME, password: s.MB_PASSWORD };
    } catch {
      // try the other form
    }
  }
  return undefined;
}

/** The pilot's subscription and its pending job requests. */
export class MessageService {
  private readonly logger = log('msgsvc');
  private readonly pending: PilotMessage[] = [];
  private waiter?: () => void;
  /** Set once finish_task or kill_task arrived: no further job. */
  stopped = false;

  private constructor(private sub: StompSubscription | undefined) {}

  /**
   * Subscribe. `onKill` is called for kill_task. Resolves to a service even when the broker cannot
   * be reached (then no job is asked for, as Pilot 3 without broker credentials): the log says why.
   */
  static async open(opts: {
    host: string;
    port: number;
    destination: string;
    credentials?: { username: string; password: string };
    onKill: (err: PilotError) => void;
  }): Promise<MessageService> {
    const svc = new MessageService(undefined);
    if (!opts.credentials) {
      svc.logger.warn('no message broker credentials from the server: cannot subscribe');
      svc.stop();
      return svc;
    }
    try {
      svc.sub = await StompSubscription.open(
        { host: opts.host, port: opts.port, login: opts.credentials.username, passcode: opts.credentials.password, destination: opts.destination, vhost: '/' },
        (body) => svc.onMessage(body, opts.onKill),
        (err) => {
          if (!svc.stopped) svc.logger.warn({ err: err?.message }, 'message broker connection closed');
        },
      );
      svc.logger.info({ broker: `${opts.host}:${opts.port}`, destination: opts.destination, server: svc.sub.server }, 'subscribed to the message service');
    } catch (e) {
      svc.logger.warn({ broker: `${opts.host}:${opts.port}`, err: (e as Error).message }, 'cannot subscribe to the message service');
      svc.stop();
    }
    return svc;
  }

  private onMessage(body: string, onKill: (err: PilotError) => void): void {
    let msg: PilotMessage;
    try {
      msg = JSON.parse(body) as PilotMessage;
    } catch {
      this.logger.warn({ bytes: body.length }, 'message that is not JSON ignored');
      return;
    }
    this.logger.info({ msg_type: msg.msg_type, taskid: msg.taskid }, 'message from the message service');
    if (msg.msg_type === 'get_job') {
      // Pilot 3 keeps one copy of a repeated message
      if (!this.pending.some((m) => JSON.stringify(m) === JSON.stringify(msg))) this.pending.push(msg);
    } else if (msg.msg_type === 'kill_task') {
      this.stop();
      onKill(errors.PANDAKILL('kill_task instruction from the message service'));
    } else if (msg.msg_type === 'finish_task') {
      this.stop();
    }
    this.waiter?.();
  }

  /** Stop listening (no further job). */
  stop(): void {
    this.stopped = true;
    this.sub?.close();
    this.waiter?.();
  }

  /** Wait for the next get_job message; undefined once the service stopped or the signal fired. */
  async nextJobRequest(signal: AbortSignal): Promise<PilotMessage | undefined> {
    while (!this.stopped && !signal.aborted) {
      const m = this.pending.shift();
      if (m) return m;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      this.waiter = undefined;
    }
    return undefined;
  }
}
