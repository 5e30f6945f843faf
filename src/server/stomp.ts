/**
 * A small STOMP 1.2 client (what Pilot 3's ActiveMQ class does with stomp.py): connect with a
 * login, subscribe to one destination with `ack:auto`, hand each MESSAGE body to a callback,
 * disconnect. Plain TCP or TLS (`stomp+ssl://`), no heart-beats (Pilot 3 asks for none).
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

/** One STOMP frame. */
export interface StompFrame {
  command: string;
  headers: Record<string, string>;
  body: string;
}

// header values escape \, :, LF and CR (STOMP 1.2 §"Value Encoding")
const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/:/g, '\\c');
const unescape = (v: string) => v.replace(/\\([\\ncr])/g, (_m, c: string) => ({ '\\': '\\', n: '\n', c: ':', r: '\r' })[c]!);

/** Encode a frame. */
export function encodeFrame(f: StompFrame): Buffer {
  const head = [f.command, ...Object.entries(f.headers).map(([k, v]) => `${escape(k)}:${escape(v)}`)].join('\n');
  return Buffer.concat([Buffer.from(`${head}\n\n`), Buffer.from(f.body), Buffer.from([0])]);
}

/** Incremental frame decoder (frames may arrive split or several at once; EOLs between frames are heart-beats). */
export class FrameDecoder {
  private buf = Buffer.alloc(0);

  push(chunk: Buffer): StompFrame[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: StompFrame[] = [];
    for (;;) {
      let start = 0;
      while (start < this.buf.length && (this.buf[start] === 0x0a || this.buf[start] === 0x0d)) start++;
      const sep = this.buf.indexOf('\n\n', start);
      if (sep < 0) break;
      const lines = this.buf.subarray(start, sep).toString('utf8').replace(/\r/g, '').split('\n');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        const k = unescape(line.slice(0, i));
        if (!(k in headers)) headers[k] = unescape(line.slice(i + 1)); // the first occurrence wins
      }
      const bodyStart = sep + 2;
      const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
      let end: number;
      if (len !== undefined) {
        if (this.buf.length < bodyStart + len + 1) break; // body and its NUL not all here yet
        end = bodyStart + len;
      } else {
        end = this.buf.indexOf(0, bodyStart);
        if (end < 0) break;
      }
      out.push({ command: lines[0], headers, body: this.buf.subarray(bodyStart, end).toString('utf8') });
      this.buf = this.buf.subarray(end + 1);
    }
    return out;
  }
}

/** Options of {@link StompSubscription.open}. */
export interface StompOptions {
  host: string;
  port: number;
  login: string;
  passcode: string;
  destination: string;
  /** Subscription id (Pilot 3: atlas-pilot-messaging). */
  id?: string;
  /** virtual host (default: host). */
  vhost?: string;
  /** TLS options for stomp+ssl. */
  tls?: ConnectionOptions;
  timeoutMs?: number;
}

/** The receipt id of our SUBSCRIBE frame. */
const SUBSCRIBED = 'subscribed';

/** A live subscription: messages go to `onMessage`; `close()` disconnects. */
export class StompSubscription {
  private constructor(
    private readonly socket: Socket,
    readonly server: string,
  ) {}

  /** Connect, log in and subscribe (resolved once the broker confirms the subscription); rejects on an ERROR frame, a refused connection or the timeout. */
  static open(opts: StompOptions, onMessage: (body: string, headers: Record<string, string>) => void, onClose?: (err?: Error) => void): Promise<StompSubscription> {
    return new Promise((resolve, reject) => {
      const socket = opts.tls ? tlsConnect({ host: opts.host, port: opts.port, ...opts.tls }) : tcpConnect({ host: opts.host, port: opts.port });
      const decoder = new FrameDecoder();
      let sub: StompSubscription | undefined;
      let server: string | undefined;
      const timer = setTimeout(() => fail(new Error(`STOMP broker ${opts.host}:${opts.port} did not answer in time`)), opts.timeoutMs ?? 10_000);
      const fail = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        if (!sub) reject(e);
        else onClose?.(e);
      };
      socket.once(opts.tls ? 'secureConnect' : 'connect', () => {
        socket.write(encodeFrame({ command: 'CONNECT', headers: { 'accept-version': '1.2', host: opts.vhost ?? opts.host, login: opts.login, passcode: opts.passcode, 'heart-beat': '0,0' }, body: '' }));
      });
      socket.on('data', (chunk: Buffer) => {
        for (const f of decoder.push(chunk)) {
          if (f.command === 'CONNECTED' && !sub && server === undefined) {
            // with a receipt: the broker has the subscription once it answers, so no message
            // sent after open() resolves can be lost to a subscription still on its way
            server = f.headers.server ?? '';
            socket.write(encodeFrame({ command: 'SUBSCRIBE', headers: { id: opts.id ?? 'atlas-pilot-messaging', destination: opts.destination, ack: 'auto', receipt: SUBSCRIBED }, body: '' }));
          } else if (f.command === 'RECEIPT' && f.headers['receipt-id'] === SUBSCRIBED && !sub) {
            clearTimeout(timer);
            sub = new StompSubscription(socket, server ?? '');
            resolve(sub);
          } else if (f.command === 'MESSAGE') onMessage(f.body, f.headers);
          else if (f.command === 'ERROR') fail(new Error(`STOMP error: ${f.headers.message ?? f.body}`));
        }
      });
      socket.on('error', (e) => fail(e));
      socket.on('close', () => {
        clearTimeout(timer);
        if (!sub) reject(new Error(`STOMP broker ${opts.host}:${opts.port} closed the connection`));
        else onClose?.();
      });
    });
  }

  /** Send a message to a destination (used by tests and tools to speak to the pilots). */
  send(destination: string, body: string): void {
    this.socket.write(encodeFrame({ command: 'SEND', headers: { destination, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body }));
  }

  /** Disconnect. */
  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end(encodeFrame({ command: 'DISCONNECT', headers: {}, body: '' }));
  }
}
