/**
 * ZMTP 3.0 (ZeroMQ's wire protocol, rfc.zeromq.org/spec/23) with the NULL mechanism: the greeting,
 * the READY handshake and message frames. yampl's `local` context is ZeroMQ over `ipc://`, so this
 * is what a real AthenaMP speaks on the event-range channel. Only what a ROUTER/DEALER pair needs.
 */

/** The 64-byte greeting: signature, version 3.0, mechanism NULL, as-server 0, filler. */
export function greeting(): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[8] = 0x01; // the padding holds a ZMTP 1.0 length, as libzmq sends it
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 0;
  g.write('NULL', 12, 'ascii');
  return g;
}

/** Encode one frame (message part or command). */
export function encodeFrame(body: Buffer, opts: { more?: boolean; command?: boolean } = {}): Buffer {
  const long = body.length > 255;
  const head = Buffer.alloc(long ? 9 : 2);
  head[0] = (opts.more ? 0x01 : 0) | (long ? 0x02 : 0) | (opts.command ? 0x04 : 0);
  if (long) head.writeBigUInt64BE(BigInt(body.length), 1);
  else head[1] = body.length;
  return Buffer.concat([head, body]);
}

/** A command body: name (short string) and data. */
export function commandBody(name: string, data: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'ascii'), data]);
}

/** The READY command with its metadata properties (Socket-Type, Identity). */
export function readyCommand(props: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(props)) {
    const value = Buffer.from(v, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(value.length);
    parts.push(Buffer.from([k.length]), Buffer.from(k, 'ascii'), len, value);
  }
  return encodeFrame(commandBody('READY', Buffer.concat(parts)), { command: true });
}

/** Parse READY metadata. */
export function parseProperties(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const n = data[i++];
    const name = data.subarray(i, i + n).toString('ascii');
    i += n;
    if (i + 4 > data.length) break;
    const len = data.readUInt32BE(i);
    i += 4;
    out[name] = data.subarray(i, i + len).toString('utf8');
    i += len;
  }
  return out;
}

/** A decoded frame. */
export interface Frame {
  body: Buffer;
  more: boolean;
  command: boolean;
}

/** Protocol violation by the peer (the connection is dropped). */
export class ZmtpError extends Error {}

/**
 * Incremental decoder: feed bytes, get the peer's greeting once, then frames. Partial input is
 * kept until the rest arrives; nothing is copied for frames already complete in one chunk.
 */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private greeted = false;
  /** Peer's ZMTP major version once the greeting is read. */
  peerVersion?: number;
  /** Peer's mechanism name. */
  mechanism?: string;

  /** Append bytes and return the frames now complete. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    if (!this.greeted) {
      if (this.buf.length >= 1 && this.buf[0] !== 0xff) throw new ZmtpError('not a ZMTP 3 peer (bad signature)');
      if (this.buf.length >= 10 && this.buf[9] !== 0x7f) throw new ZmtpError('not a ZMTP 3 peer (bad signature)');
      if (this.buf.length < 11) return frames;
      if (this.buf[10] < 3) throw new ZmtpError(`ZMTP version ${this.buf[10]} is not supported (3 needed)`);
      if (this.buf.length < 64) return frames;
      this.peerVersion = this.buf[10];
      this.mechanism = this.buf.subarray(12, 32).toString('ascii').replace(/\0+$/, '');
      if (this.mechanism !== 'NULL') throw new ZmtpError(`security mechanism ${this.mechanism} is not supported (NULL only)`);
      this.buf = this.buf.subarray(64);
      this.greeted = true;
    }
    let i = 0;
    for (;;) {
      if (this.buf.length - i < 2) break;
      const flags = this.buf[i];
      const long = (flags & 0x02) !== 0;
      const headLen = long ? 9 : 2;
      if (this.buf.length - i < headLen) break;
      const size = long ? Number(this.buf.readBigUInt64BE(i + 1)) : this.buf[i + 1];
      if (this.buf.length - i < headLen + size) break;
      frames.push({ body: this.buf.subarray(i + headLen, i + headLen + size), more: (flags & 0x01) !== 0, command: (flags & 0x04) !== 0 });
      i += headLen + size;
    }
    this.buf = i === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(i);
    return frames;
  }
}

/** Split a command frame into its name and data. */
export function parseCommand(body: Buffer): { name: string; data: Buffer } {
  const n = body[0] ?? 0;
  return { name: body.subarray(1, 1 + n).toString('ascii'), data: body.subarray(1 + n) };
}
