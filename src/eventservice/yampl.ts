/**
 * yampl's `local` channel in TypeScript. yampl (the library AthenaMP and Pilot 3 use) maps the
 * `local` context to its ZeroMQ plugin: the server is a ROUTER bound to `ipc:///tmp/zmq_<name>`,
 * the client a DEALER connected to it, each message one frame of raw bytes, and the server
 * answers the peer that sent last. Speaking that here means a real AthenaMP connects to our pilot
 * unchanged, without a native addon. {@link YamplServer} is the pilot's side, {@link YamplClient}
 * the payload's (used by our reference payload and tests).
 */
import { EventEmitter } from 'node:events';
import { lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { encodeFrame, FrameDecoder, greeting, parseCommand, parseProperties, readyCommand, ZmtpError } from './zmtp.js';

/** The socket file of a yampl local channel (yampl-zmq: `ipc:///tmp/zmq_<name>`). */
export function yamplSocketPath(name: string): string {
  return `/tmp/zmq_${name}`;
}

/** A message transport the event-service protocol runs on. */
export interface MessageTransport {
  /** The channel name handed to the payload. */
  readonly name: string;
  /** Send one message to the payload (the peer that spoke last). */
  send(message: string): void;
  /** Called for every message from the payload. */
  onMessage(handler: (message: string) => void): void;
  close(): Promise<void>;
}

/** One ZMTP connection (either side). */
class Peer extends EventEmitter {
  private readonly decoder = new FrameDecoder();
  ready = false;
  identity = '';
  private parts: Buffer[] = [];

  constructor(
    readonly sock: net.Socket,
    private readonly socketType: 'ROUTER' | 'DEALER',
    identity = '',
  ) {
    super();
    sock.setNoDelay?.(true);
    sock.write(greeting());
    sock.write(readyCommand(socketType === 'DEALER' ? { 'Socket-Type': 'DEALER', Identity: identity } : { 'Socket-Type': 'ROUTER' }));
    sock.on('data', (chunk: Buffer) => {
      try {
        for (const f of this.decoder.push(chunk)) this.frame(f.body, f.more, f.command);
      } catch (e) {
        this.emit('protocolError', e);
        sock.destroy();
      }
    });
  }

  private frame(body: Buffer, more: boolean, command: boolean): void {
    if (command) {
      const { name, data } = parseCommand(body);
      if (name === 'READY') {
        const props = parseProperties(data);
        const type = props['Socket-Type'] ?? '';
        const ok = this.socketType === 'ROUTER' ? ['DEALER', 'REQ', 'ROUTER'].includes(type) : ['ROUTER', 'REP', 'DEALER'].includes(type);
        if (!ok) throw new ZmtpError(`peer socket type ${type} cannot talk to ${this.socketType}`);
        this.identity = props.Identity ?? '';
        this.ready = true;
        this.emit('ready');
      } else if (name === 'PING') {
        // ZMTP 3.1 heartbeat: answer with the ping's context
        const ctx = data.subarray(2);
        this.sock.write(encodeFrame(Buffer.concat([Buffer.from([4]), Buffer.from('PONG'), ctx]), { command: true }));
      } else if (name === 'ERROR') {
        throw new ZmtpError(`peer error: ${data.subarray(1).toString()}`);
      }
      return;
    }
    if (!this.ready) throw new ZmtpError('message before READY');
    this.parts.push(body);
    if (more) return;
    const parts = this.parts;
    this.parts = [];
    this.emit('message', parts);
  }

  send(parts: Buffer[]): void {
    parts.forEach((p, i) => this.sock.write(encodeFrame(p, { more: i < parts.length - 1 })));
  }
}

/**
 * The pilot's end (yampl ServerSocket, `local`): a ROUTER on `/tmp/zmq_<name>`. The socket file is
 * ours: a stale one left by a dead process is replaced (as libzmq's bind does), a live one is an
 * error, and close() removes it.
 */
export class YamplServer implements MessageTransport {
  readonly path: string;
  private readonly server: net.Server;
  private handler: (m: string) => void = () => undefined;
  private last?: Peer;
  private readonly peers = new Set<Peer>();
  /** Messages that arrived before any handler was set are not lost. */
  private pending: string[] | undefined = [];

  private constructor(
    readonly name: string,
    server: net.Server,
  ) {
    this.path = yamplSocketPath(name);
    this.server = server;
  }

  /** Bind the channel. */
  static async listen(name: string): Promise<YamplServer> {
    if (!/^[A-Za-z0-9._-]{1,90}$/.test(name)) throw new Error(`bad yampl channel name: ${JSON.stringify(name)}`);
    const path = yamplSocketPath(name);
    await removeStaleSocket(path);
    const server = net.createServer();
    const ys = new YamplServer(name, server);
    server.on('connection', (sock) => ys.accept(sock));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // the channel never keeps the pilot alive by itself (the payload's exit does)
    server.unref();
    return ys;
  }

  private accept(sock: net.Socket): void {
    const peer = new Peer(sock, 'ROUTER');
    this.peers.add(peer);
    sock.on('error', () => undefined);
    sock.on('close', () => {
      this.peers.delete(peer);
      if (this.last === peer) this.last = undefined;
    });
    peer.on('message', (parts: Buffer[]) => {
      this.last = peer;
      const text = Buffer.concat(parts).toString('utf8');
      if (this.pending) this.pending.push(text);
      else this.handler(text);
    });
  }

  onMessage(handler: (message: string) => void): void {
    this.handler = handler;
    const queued = this.pending ?? [];
    this.pending = undefined;
    for (const m of queued) handler(m);
  }

  /** Send to the peer that spoke last (ROUTER_MANDATORY: nobody to send to is an error). */
  send(message: string): void {
    if (!this.last) throw new Error('yampl: no peer to send to');
    this.last.send([Buffer.from(message, 'utf8')]);
  }

  /** Number of connected payload processes. */
  get connections(): number {
    return this.peers.size;
  }

  async close(): Promise<void> {
    for (const p of this.peers) p.sock.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    try {
      unlinkSync(this.path);
    } catch {
      /* already gone (node removes it on close) */
    }
  }
}

async function removeStaleSocket(path: string): Promise<void> {
  let isSocket = false;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket`);
  const alive = await new Promise<boolean>((resolve) => {
    const c = net.connect(path);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
  if (alive) throw new Error(`yampl channel ${path} is in use by another process`);
  unlinkSync(path);
}

/**
 * The payload's end (yampl ClientSocket, `local`): a DEALER connected to `/tmp/zmq_<name>`,
 * retrying while the server is not there yet (libzmq reconnects the same way).
 */
export class YamplClient {
  private peer?: Peer;
  private readonly queue: string[] = [];
  private waiters: ((m: string) => void)[] = [];
  private closedError?: Error;

  private constructor(readonly name: string) {}

  /** Connect (retrying every 50 ms for up to `timeoutMs`). yampl gives the identity `<name>\0`. */
  static async connect(name: string, identity = 'payload', timeoutMs = 10_000): Promise<YamplClient> {
    const c = new YamplClient(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        c.peer = await openPeer(yamplSocketPath(name), `${identity}\0`);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    c.peer.on('message', (parts: Buffer[]) => {
      const text = Buffer.concat(parts).toString('utf8');
      const w = c.waiters.shift();
      if (w) w(text);
      else c.queue.push(text);
    });
    c.peer.sock.on('close', () => {
      c.closedError = new Error('yampl: server closed the channel');
      for (const w of c.waiters.splice(0)) w('');
    });
    return c;
  }

  send(message: string): void {
    this.peer!.send([Buffer.from(message, 'utf8')]);
  }

  /** The next message from the server ('' once the channel closed). */
  recv(): Promise<string> {
    const m = this.queue.shift();
    if (m !== undefined) return Promise.resolve(m);
    if (this.closedError) return Promise.resolve('');
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.peer?.sock.end();
  }
}

function openPeer(path: string, identity: string): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(path);
    sock.once('error', reject);
    sock.once('connect', () => {
      const peer = new Peer(sock, 'DEALER', identity);
      peer.once('ready', () => {
        sock.off('error', reject);
        sock.on('error', () => undefined);
        resolve(peer);
      });
      peer.once('protocolError', reject);
    });
  });
}
