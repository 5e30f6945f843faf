/**
 * Catalogue checksum strings from the job description (`ad:1a2b3c4d`, `md:<md5>`).
 *
 * {@link catalogueChecksum} reads them as Pilot 3's FileSpec.clean__checksum does: `ad`→adler32,
 * `md`→md5, anything else (a bare value, an unknown prefix, three parts) is stored as adler32
 * as it is; a wrong value then fails the transfer's checksum verification, as in Pilot 3.
 * Deliberate difference: `NULL` and `None` (the server's words for "no checksum": it writes
 * str(md5sum) when a file has no checksum) mean no checksum, where Pilot 3 stores the word and
 * fails the transfer with a checksum mismatch after copying the whole file.
 *
 * {@link parseChecksum} is the strict form (validated hex, lower-case) for other sources.
 */
import { errors } from '../common/errors.js';

/** Checksum values by type, as FileSpec.checksum holds them. */
export type Checksum = {
  adler32?: string;
  md5?: string;
};

const PREFIXES: Record<string, keyof Checksum> = { ad: 'adler32', adler32: 'adler32', md: 'md5', md5: 'md5' };
const VALID: Record<keyof Checksum, RegExp> = { adler32: /^[0-9a-fA-F]{1,8}$/, md5: /^[0-9a-fA-F]{32}$/ };

/** True for the server's spellings of "no value". */
export function isNullish(v: string): boolean {
  const t = v.trim().toLowerCase();
  return t === '' || t === 'null' || t === 'none';
}

/** Pilot 3's reading of a job description checksum (see the module comment). */
export function catalogueChecksum(text: string): Checksum {
  const cc = text.split(':');
  let type: keyof Checksum = 'adler32';
  let value = text;
  if (cc.length === 2) {
    type = cc[0] === 'md' ? 'md5' : 'adler32';
    value = cc[1]!;
  }
  const word = value.trim().toLowerCase();
  if (word === 'null' || word === 'none') return {};
  return { [type]: value };
}

/**
 * Parse one checksum string into `{adler32}` / `{md5}` (`{}` for no checksum).
 * @throws PilotError UNKNOWNCHECKSUMTYPE for an unknown type prefix or a malformed value.
 */
export function parseChecksum(text: string): Checksum {
  if (isNullish(text)) return {};
  const s = text.trim();
  const colon = s.indexOf(':');
  let type: keyof Checksum;
  let value: string;
  if (colon >= 0) {
    const prefix = s.slice(0, colon).toLowerCase();
    const t = PREFIXES[prefix];
    if (!t) throw errors.UNKNOWNCHECKSUMTYPE(`unknown checksum type '${s.slice(0, colon)}' in '${s}' (expected ad:<adler32> or md:<md5>)`);
    type = t;
    value = s.slice(colon + 1);
  } else {
    value = s;
    type = VALID.md5.test(s) ? 'md5' : 'adler32';
  }
  if (!VALID[type].test(value)) throw errors.UNKNOWNCHECKSUMTYPE(`malformed ${type} checksum '${s}'`);
  return { [type]: value.toLowerCase() };
}

/**
 * Validate a checksum given as an object (`{adler32: '…'}`); Pilot 3 mangles dicts passed to the
 * FileSpec constructor (quirk 3), we keep them and only check the values.
 */
export function validateChecksumObject(obj: Record<string, unknown>): Checksum {
  const out: Checksum = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined || v === '') continue;
    const type = PREFIXES[k.toLowerCase()];
    if (!type) throw errors.UNKNOWNCHECKSUMTYPE(`unknown checksum type '${k}'`);
    const value = String(v);
    if (!VALID[type].test(value)) throw errors.UNKNOWNCHECKSUMTYPE(`malformed ${type} checksum '${value}'`);
    out[type] = value.toLowerCase();
  }
  return out;
}

/** The `ad:`/`md:` string form of a checksum (adler32 preferred), '' when none. */
export function formatChecksum(c: Checksum): string {
  if (c.adler32) return `ad:${c.adler32}`;
  if (c.md5) return `md:${c.md5}`;
  return '';
}
