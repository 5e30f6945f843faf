/**
 * A minimal DER (ASN.1) reader: enough to walk an X.509 certificate to its extensions and to
 * read the VOMS attribute certificate inside one. Definite lengths only (DER forbids others);
 * every read is bounds-checked, so a truncated or hostile input throws instead of misreading.
 */

/** One DER element: tag byte, class/constructed bits, and its content bytes. */
export interface DerNode {
  /** The identifier octet (e.g. 0x30 SEQUENCE, 0xa0 [0] constructed). */
  tag: number;
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  /** Tag number within its class (low 5 bits; high-tag-number form is not used by X.509). */
  num: number;
  /** The content octets (a view into the input). */
  content: Buffer;
  /** The whole element, header included. */
  raw: Buffer;
}

/** Read the element starting at `offset`; returns it and the offset after it. */
export function readNode(buf: Buffer, offset = 0): { node: DerNode; next: number } {
  if (offset + 2 > buf.length) throw new Error('DER: truncated header');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not supported');
  let len = buf[offset + 1];
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: unsupported length form');
    if (pos + n > buf.length) throw new Error('DER: truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i];
    pos += n;
  }
  const end = pos + len;
  if (end > buf.length) throw new Error('DER: content runs past the end');
  return {
    node: { tag, cls: tag >> 6, constructed: (tag & 0x20) !== 0, num: tag & 0x1f, content: buf.subarray(pos, end), raw: buf.subarray(offset, end) },
    next: end,
  };
}

/** The single element making up `buf` (trailing bytes are an error). */
export function parseDer(buf: Buffer): DerNode {
  const { node, next } = readNode(buf, 0);
  if (next !== buf.length) throw new Error('DER: trailing bytes');
  return node;
}

/** The elements inside a constructed element. */
export function children(node: DerNode): DerNode[] {
  if (!node.constructed) throw new Error(`DER: tag 0x${node.tag.toString(16)} is not constructed`);
  const out: DerNode[] = [];
  let pos = 0;
  while (pos < node.content.length) {
    const { node: child, next } = readNode(node.content, pos);
    out.push(child);
    pos = next;
  }
  return out;
}

/** Universal tags used here. */
export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Dotted form of an OBJECT IDENTIFIER. */
export function oid(node: DerNode): string {
  if (node.tag !== TAG.OID) throw new Error('DER: not an OID');
  const b = node.content;
  if (b.length === 0) throw new Error('DER: empty OID');
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** UTCTime or GeneralizedTime → epoch seconds. */
export function time(node: DerNode): number {
  const s = node.content.toString('latin1');
  let m: RegExpExecArray | null;
  if (node.tag === TAG.UTC_TIME && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s))) {
    const yy = Number(m[1]);
    return Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) / 1000;
  }
  if (node.tag === TAG.GENERALIZED_TIME && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(s))) {
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  }
  throw new Error(`DER: unsupported time "${s}"`);
}

/** A string type's text (UTF8, Printable, IA5, OCTET STRING as UTF-8). */
export function text(node: DerNode): string {
  return node.content.toString(node.tag === TAG.PRINTABLE || node.tag === TAG.IA5 ? 'latin1' : 'utf8');
}

const NAME_KEYS: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC', '0.9.2342.19200300.100.1.1': 'UID', '1.2.840.113549.1.9.1': 'emailAddress',
};

/** An X.501 Name (SEQUENCE OF RDN) in the grid's slash form: `/DC=org/DC=test/CN=Pilot User`. */
export function gridName(name: DerNode): string {
  let out = '';
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      const key = NAME_KEYS[oid(type)] ?? oid(type);
      out += `/${key}=${text(value)}`;
    }
  }
  return out;
}
