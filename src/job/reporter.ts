/**
 * Reports one job to the server: state updates, heartbeats on the protocol's period, the
 * back-channel commands in the answers (tobekilled, debug, nocleanup), and the final update,
 * retried until the server accepts it or the deadline passes.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { errors, type PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { writeJsonFile } from '../server/harvester.js';
import { sleep } from '../common/timing.js';
import type { JobRun } from './jobrun.js';
import { ServerStateTracker } from './serverstate.js';
import { commonFields, finalFields, type UpdateBody, type UpdateContext } from './updates.js';

/** The one server call the reporter makes (PandaClient and the Harvester file client both have it). */
export interface UpdateSender {
  updateJob(
    data: Record<string, unknown>,
    opts?: { signal?: AbortSignal; attempts?: number; final?: boolean; job?: { jobid: string; workdir: string; logdata?: unknown[]; outdata?: unknown[] } },
  ): Promise<Record<string, unknown>>;
}

export interface ReporterOptions {
  client: UpdateSender | undefined; // undefined: server updates off (-z), bodies go to heartbeat.json
  update: UpdateContext;
  pilotHome: string;
  heartbeatS: number;
  debugHeartbeatS: number;
  updateSleepS: number;
  finalDeadlineS: number;
  /** Stop the job when no update got through for this long (Pilot 3: lost_heartbeat, 10800 s). */
  lostHeartbeatS: number;
  heartbeatFile: string;
  /** Called when the server orders the job killed. */
  onKill: (err: PilotError) => void;
  /** Refresh figures (CPU, memory) just before an update is built. */
  refresh?: () => void;
  /** Called with the final update's body before it is first sent (the journal keeps it). */
  onFinalBody?: (body: UpdateBody) => void;
}

const DEBUG_COMMANDS = new Set(['tail', 'ls', 'ps', 'du']);

export class Reporter {
  private readonly states = new ServerStateTracker();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** {@link final} has begun: no more non-final updates. */
  private finalStarted = false;
  /** The chain of pending updates (see {@link update}). */
  private queue: Promise<void> = Promise.resolve();
  private readonly logger;
  /** Epoch ms of the last successful update (any kind). */
  lastSuccess = Date.now();
  /** Number of heartbeats sent by the timer (for tests and logs). */
  heartbeats = 0;

  constructor(
    private readonly run: JobRun,
    private readonly opts: ReporterOptions,
  ) {
    this.logger = log('reporter', { jobid: run.jobid });
  }

  /** Start the heartbeat timer (period from now). */
  start(): void {
    this.schedule();
  }

  /** Stop the heartbeat timer. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private periodMs(): number {
    return 1000 * (this.run.debug ? this.opts.debugHeartbeatS : this.opts.heartbeatS);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.heartbeat(), this.periodMs());
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    // Pilot 3 gives up when no update got through for lost_heartbeat seconds (the server has
    // declared the job lost by then): the job is stopped with EXCEEDEDMAXWAITTIME.
    const silentS = (Date.now() - this.lastSuccess) / 1000;
    if (this.opts.client && silentS > this.opts.lostHeartbeatS) {
      this.logger.error({ silentS }, 'lost heartbeat: no update accepted for too long');
      this.opts.onKill(errors.EXCEEDEDMAXWAITTIME(`lost heartbeat: no successful server update for ${Math.trunc(silentS)} s`));
      return;
    }
    this.heartbeats++;
    await this.update('running', { heartbeat: true });
    this.schedule();
  }

  /**
   * Send a non-final update; requested 'running'/'starting' is mapped to what the server must see.
   * Failures are logged, never thrown: a server that is down must not disturb the payload.
   */
  update(requested: string, opts: { heartbeat?: boolean; preliminary?: boolean } = {}): Promise<boolean> {
    // a preliminary update goes out even when the heartbeats have stopped, but never after the final one
    if (opts.preliminary && this.finalStarted) return Promise.resolve(false);
    // Updates go out one at a time, in order, so the server sees starting before running even
    // when the job does not wait for an answer.
    const sent = this.queue.then(() => this.sendUpdate(requested, opts));
    this.queue = sent.then(
      () => undefined,
      () => undefined,
    );
    return sent;
  }

  private async sendUpdate(requested: string, opts: { heartbeat?: boolean; preliminary?: boolean }): Promise<boolean> {
    if (this.stopped && !opts.preliminary) return false;
    const state = this.states.next(requested);
    this.opts.refresh?.();
    // Measured core counts go with heartbeats (and the final update), not with the state changes
    // sent as the payload starts: Pilot 3's monitor has not looked at the payload by then.
    const body = commonFields(this.run, state, this.opts.update, { measuredCores: opts.heartbeat === true });
    // Pilot 3 adds the debug output to every update while debug mode is on
    if (this.run.debug) body.stdout = await this.debugOutput();
    const ok = await this.send(body, 2);
    if (ok) this.states.sent(state);
    return ok;
  }

  /**
   * The final update, retried every updateSleepS until accepted or finalDeadlineS passed.
   * Returns whether the server accepted it.
   */
  async final(pilotLog: string): Promise<boolean> {
    this.finalStarted = true;
    this.stop();
    await this.queue;
    this.opts.refresh?.();
    const body = finalFields(this.run, this.opts.update, pilotLog);
    if (this.run.debug) body.stdout = await this.debugOutput();
    this.opts.onFinalBody?.(body);
    return this.sendFinal(body, this.opts.finalDeadlineS);
  }

  /**
   * Send a final update body, retried every updateSleepS until accepted or `deadlineS` passed
   * (also used to re-send a journaled one). Returns whether the server accepted it.
   */
  async sendFinal(body: UpdateBody, deadlineS: number): Promise<boolean> {
    const deadline = Date.now() + deadlineS * 1000;
    for (let attempt = 1; ; attempt++) {
      if (await this.send(body, 1, true)) {
        this.states.sent(body.state as 'finished' | 'failed');
        return true;
      }
      if (Date.now() + this.opts.updateSleepS * 1000 > deadline) break;
      this.logger.warn({ attempt, waitS: this.opts.updateSleepS, leftS: Math.round((deadline - Date.now()) / 1000) }, `final update not accepted, retrying in ${this.opts.updateSleepS} s`);
      await sleep(this.opts.updateSleepS * 1000);
    }
    this.logger.error({ deadlineS }, 'final update not accepted before the deadline');
    return false;
  }

  private async send(body: UpdateBody, attempts: number, final = false): Promise<boolean> {
    try {
      if (!this.opts.client) {
        // no server updates (-z, not Harvester): Pilot 3's write_heartbeat_to_file, in its format
        writeJsonFile(path.join(this.opts.pilotHome, this.opts.heartbeatFile), body);
        this.lastSuccess = Date.now();
        return true;
      }
      // the Harvester file transport declares the job's files with the final update
      const job = final ? { jobid: this.run.jobid, workdir: this.run.workdir, logdata: this.run.job.logdata, outdata: this.run.job.outdata } : undefined;
      const answer = await this.opts.client.updateJob(body, { attempts, final, job: job as never });
      const code = Number(answer.StatusCode ?? 0);
      this.handleAnswer(answer);
      if (code !== 0) {
        this.logger.warn({ state: body.state, StatusCode: code }, 'server did not accept the update');
        return false;
      }
      this.lastSuccess = Date.now();
      this.logger.info({ state: body.state }, 'update accepted');
      return true;
    } catch (e) {
      this.logger.warn({ state: body.state, err: (e as Error).message }, 'update failed');
      return false;
    }
  }

  /** Act on the server's back-channel command (server-protocol.md §6.5). */
  handleAnswer(answer: Record<string, unknown>): void {
    if (answer.pilotSecrets !== undefined) this.run.pilotSecrets = answer.pilotSecrets;
    const command = typeof answer.command === 'string' ? answer.command.trim() : '';
    if (!command || command === 'NULL') return;
    if (command.includes('tobekilled')) {
      if (!existsSync(this.run.workdir)) return;
      this.logger.warn('server ordered the job killed (tobekilled)');
      this.opts.onKill(errors.PANDAKILL()); // Pilot 3 sends the standard message
      return;
    }
    if (command.includes(' ')) return this.setDebug(command.replace(/(^debug,|,debug$)/, ''));
    if (command.includes('softkill')) {
      this.run.debugCommand = 'softkill';
      return;
    }
    if (command.includes('debug')) return this.setDebug('debug');
    if (command.includes('nocleanup')) {
      this.run.noCleanup = true;
      return;
    }
    if (command !== 'alreadydone' && command !== 'badattemptnr') this.logger.warn({ command }, 'unknown server command ignored');
  }

  private setDebug(command: string): void {
    const first = command.split(/\s+/)[0];
    if (command !== 'debug' && (!DEBUG_COMMANDS.has(first) || /[;&|`$<>\\]|&#59/.test(command))) {
      this.logger.warn({ command }, 'debug command refused');
      return;
    }
    const wasDebug = this.run.debug;
    this.run.debug = true;
    this.run.debugCommand = command;
    // The heartbeat period shortens at once, not after the next long period.
    if (!wasDebug && !this.stopped) this.schedule();
  }

  /** The `stdout` field of a debug heartbeat: the debug command's output, or the payload's stdout tail. */
  private async debugOutput(): Promise<string> {
    const cmd = this.run.debugCommand;
    if (cmd && cmd !== 'debug' && cmd !== 'softkill') {
      const [bin, ...args] = cmd.split(/\s+/);
      return new Promise((resolve) =>
        execFile(bin, args, { cwd: this.run.workdir, timeout: 10_000, maxBuffer: 1 << 20 }, (_e, out, err) =>
          resolve(`${out}${err}`.slice(-2048)),
        ),
      );
    }
    return tailFile(path.join(this.run.workdir, 'payload.stdout'), 2048);
  }
}

/** The last `bytes` of a file ('' when missing). */
export async function tailFile(file: string, bytes: number): Promise<string> {
  try {
    const fh = await open(file, 'r');
    try {
      const { size } = await fh.stat();
      const len = Math.min(size, bytes);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, size - len);
      return buf.toString('utf8');
    } finally {
      await fh.close();
    }
  } catch {
    return '';
  }
}
