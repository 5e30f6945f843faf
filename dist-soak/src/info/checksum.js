/**
 * Catalogue checksum strings from the job description (`ad:1a2b3c4d`, `md:<md5>`, bare hex).
 *
 * Pilot 3 (FileSpec.clean__checksum) maps `ad`→adler32, `md`→md5 and treats everything else,
 * including unknown prefixes and garbage, as adler32; the error then surfaces much later as a
 * checksum mismatch after a full transfer. Decision: we accept the same spellings (plus the
 * full names `adler32:`/`md5:`), treat "", NULL and None as "no checksum" (Pilot 3 would store
 * `{adler32: ''}`), recognise a bare 32-digit hex value as md5 (the server falls back to the
 * file's md5sum column when checksum is NULL), and reject an unknown prefix or a non-hex value
 * at once with UNKNOWNCHECKSUMTYPE (1314), the code Pilot 3 uses for an unusable catalogue checksum.
 */
import { errors } from '../common/errors.js';
const PREFIXES = { ad: 'adler32', adler32: 'adler32', md: 'md5', md5: 'md5' };
const VALID = { adler32: /^[0-9a-fA-F]{1,8}$/, md5: /^[0-9a-fA-F]{32}$/ };
/** True for the server's spellings of "no value". */
export function isNullish(v) {
    const t = v.trim().toLowerCase();
    return t === '' || t === 'null' || t === 'none';
}
/**
 * Parse one checksum string into `{adler32}` / `{md5}` (`{}` for no checksum).
 * @throws PilotError UNKNOWNCHECKSUMTYPE for an unknown type prefix or a malformed value.
 */
export function parseChecksum(text) {
    if (isNullish(text))
        return {};
    const s = text.trim();
    const colon = s.indexOf(':');
    let type;
    let value;
    if (colon >= 0) {
        const prefix = s.slice(0, colon).toLowerCase();
        const t = PREFIXES[prefix];
        if (!t)
            throw errors.UNKNOWNCHECKSUMTYPE(`unknown checksum type '${s.slice(0, colon)}' in '${s}' (expected ad:<adler32> or md:<md5>)`);
        type = t;
        value = s.slice(colon + 1);
    }
    else {
        value = s;
        type = VALID.md5.test(s) ? 'md5' : 'adler32';
    }
    if (!VALID[type].test(value))
        throw errors.UNKNOWNCHECKSUMTYPE(`malformed ${type} checksum '${s}'`);
    return { [type]: value.toLowerCase() };
}
/**
 * Validate a checksum given as an object (`{adler32: '…'}`); Pilot 3 mangles dicts passed to the
 * FileSpec constructor (quirk 3), we keep them and only check the values.
 */
export function validateChecksumObject(obj) {
    const out = {};
    for (const [k, v] of Object.entries(obj)) {
        if (v === null || v === undefined || v === '')
            continue;
        const type = PREFIXES[k.toLowerCase()];
        if (!type)
            throw errors.UNKNOWNCHECKSUMTYPE(`unknown checksum type '${k}'`);
        const value = String(v);
        if (!VALID[type].test(value))
            throw errors.UNKNOWNCHECKSUMTYPE(`malformed ${type} checksum '${value}'`);
        out[type] = value.toLowerCase();
    }
    return out;
}
/** The `ad:`/`md:` string form of a checksum (adler32 preferred), '' when none. */
export function formatChecksum(c) {
    if (c.adler32)
        return `ad:${c.adler32}`;
    if (c.md5)
        return `md:${c.md5}`;
    return '';
}
//# sourceMappingURL=checksum.js.map