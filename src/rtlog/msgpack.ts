/**
 * A MessagePack encoder for fluent's forward protocol: nil, booleans, numbers, strings, arrays
 * and maps (what log records hold). Only encoding: the pilot never reads msgpack.
 */

/** Encode a JSON-like value. */
export function msgpack(value: unknown): Buffer {
  const parts: Buffer[] = [];
  encode(value, parts);
  return Buffer.concat(parts);
}

function head(type: number, len: number, small: number, fix?: number): Buffer {
  if (fix !== undefined && len < small) return Buffer.from([fix | len]);
  if (len < 0x100 && type !== 0xdc && type !== 0xde) return Buffer.from([type, len]);
  if (len < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = type === 0xd9 ? 0xda : type === 0xdc || type === 0xde ? type : type + 1;
    b.writeUInt16BE(len, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = type === 0xd9 ? 0xdb : type === 0xdc || type === 0xde ? type + 1 : type + 2;
  b.writeUInt32BE(len, 1);
  return b;
}

function encode(v: unknown, out: Buffer[]): void {
  if (v === null || v === undefined) out.push(Buffer.from([0xc0]));
  else if (v === true) out.push(Buffer.from([0xc3]));
  else if (v === false) out.push(Buffer.from([0xc2]));
  else if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v < 128) out.push(Buffer.from([v]));
    else if (Number.isInteger(v) && v < 0 && v >= -32) out.push(Buffer.from([0xe0 | (v + 32)]));
    else if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) {
      const b = Buffer.alloc(5);
      b[0] = 0xce;
      b.writeUInt32BE(v, 1);
      out.push(b);
    } else {
      const b = Buffer.alloc(9);
      b[0] = 0xcb;
      b.writeDoubleBE(v, 1);
      out.push(b);
    }
  } else if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    out.push(head(0xd9, s.length, 32, 0xa0), s);
  } else if (Array.isArray(v)) {
    out.push(v.length < 16 ? Buffer.from([0x90 | v.length]) : head(0xdc, v.length, 0));
    for (const x of v) encode(x, out);
  } else if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    out.push(entries.length < 16 ? Buffer.from([0x80 | entries.length]) : head(0xde, entries.length, 0));
    for (const [k, x] of entries) {
      encode(k, out);
      encode(x, out);
    }
  } else encode(String(v), out);
}
