/** Checksum values by type, as FileSpec.checksum holds them. */
export type Checksum = {
    adler32?: string;
    md5?: string;
};
/** True for the server's spellings of "no value". */
export declare function isNullish(v: string): boolean;
/**
 * Parse one checksum string into `{adler32}` / `{md5}` (`{}` for no checksum).
 * @throws PilotError UNKNOWNCHECKSUMTYPE for an unknown type prefix or a malformed value.
 */
export declare function parseChecksum(text: string): Checksum;
/**
 * Validate a checksum given as an object (`{adler32: '…'}`); Pilot 3 mangles dicts passed to the
 * FileSpec constructor (quirk 3), we keep them and only check the values.
 */
export declare function validateChecksumObject(obj: Record<string, unknown>): Checksum;
/** The `ad:`/`md:` string form of a checksum (adler32 preferred), '' when none. */
export declare function formatChecksum(c: Checksum): string;
