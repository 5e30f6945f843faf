/**
 * Request bodies and answer decoding as Pilot 3 does them on the wire.
 *
 * Requests go out either as gzip-compressed JSON (Pilot 3's urllib client) or as
 * application/x-www-form-urlencoded fields with Python's `str()` of each value (its curl client).
 * Answers come back as JSON, as URL-encoded `key=value&...` (what the legacy server sends when the
 * request has no `Accept: application/json`), or as the plain word `Succeeded`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { pyJsonDumps, pyUrlencode } from '../common/pyliteral.js';

/** Form body as Pilot 3's curl client sends it: Python's `urlencode(data)` (values through `str()`). */
export function formEncode(data: Record<string, unknown>): string {
  return pyUrlencode(data);
}

/** The gzip-compressed body Pilot 3's urllib client sends: `json.dumps(data)`, byte for byte. */
export function gzipJson(data: Record<string, unknown>): Buffer {
  return gzipSync(Buffer.from(pyJsonDumps(data), 'utf8'));
}

/** Decode `%xx` and `+` (Python unquote_plus; invalid sequences are kept as they are). */
export function unquotePlus(s: string): string {
  const plain = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plain);
  } catch {
    // decode what can be decoded, byte run by byte run
    return plain.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return Buffer.from(run.split('%').slice(1).map((h) => parseInt(h, 16))).toString('utf8');
      }
    });
  }
}

/**
 * Python's parse_qsl on `&`-separated pairs: a pair without `=` is skipped; a blank value is
 * dropped unless `keepBlankValues` (the server's answers drop them, pre-placed job files keep them).
 */
export function parseQsl(text: string, keepBlankValues = false): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      if (keepBlankValues) out.push([unquotePlus(pair), '']);
      continue;
    }
    const value = pair.slice(eq + 1);
    if (value.length === 0 && !keepBlankValues) continue;
    out.push([unquotePlus(pair.slice(0, eq)), unquotePlus(value)]);
  }
  return out;
}

/** Python's parse_qs then Pilot 3's unwrapping: one value → string, repeated key → string[]. */
export function parseQuery(text: string): Record<string, string | string[]> {
  const multi = new Map<string, string[]>();
  for (const [k, v] of parseQsl(text)) {
    const list = multi.get(k);
    if (list) list.push(v);
    else multi.set(k, [v]);
  }
  const out: Record<string, string | string[]> = {};
  for (const [k, list] of multi) out[k] = list.length === 1 ? list[0] : list;
  return out;
}

/**
 * Pilot 3's decoding of an answer to its JSON (urllib) request: `Succeeded` → `{StatusCode: "0"}`;
 * `{...}` → the parsed object (or the raw string when it is not valid JSON); anything else → the
 * URL-encoded fields. We trim surrounding whitespace first (Pilot 3 does not; a trailing newline
 * would make it read a JSON answer as URL-encoded garbage).
 */
export function decodeAnswer(body: string): Record<string, unknown> | string {
  const text = body.trim();
  if (text === 'Succeeded') return { StatusCode: '0' };
  if (text.startsWith('{') && text.endsWith('}')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Pilot 3 hands back the unparsable string, which counts as a failed request
    }
    return text;
  }
  return parseQuery(text);
}

/** Pilot 3's decoding of an answer to its form (curl) request: JSON only, else undefined (failure). */
export function decodeJsonAnswer(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return undefined;
}

/** Body bytes as text, un-gzipping when the server compressed them (header or gzip magic). */
export function bodyText(bytes: Buffer, contentEncoding?: string): string {
  const gz = (contentEncoding ?? '').toLowerCase().includes('gzip') || (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b);
  return (gz ? gunzipSync(bytes) : bytes).toString('utf8');
}
