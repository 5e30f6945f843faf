/**
 * Adler-32 and MD5 computed while bytes flow (one pass for both), plus file helpers.
 *
 * Pilot 3 runs a separate read of the file after every transfer; we hash the stream as it is
 * written or read, so a 1 GiB stage-in costs one pass over the data.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { errors } from '../common/errors.js';
const MOD = 65521;
// With blocks of 3800 bytes both sums stay below 2^31, so V8 keeps them in int32 registers;
// the modulo runs once per block (zlib's NMAX idea with a smaller bound).
const BLOCK = 3800;
/** Incremental Adler-32 (start value 1), as zlib defines it. */
export class Adler32 {
    a = 1;
    b = 0;
    /** Feed more bytes. */
    update(buf) {
        let a = this.a;
        let b = this.b;
        const n = buf.length;
        let i = 0;
        while (i < n) {
            const end = Math.min(n, i + BLOCK);
            const end8 = i + ((end - i) & ~7);
            for (; i < end8; i += 8) {
                a += buf[i];
                b += a;
                a += buf[i + 1];
                b += a;
                a += buf[i + 2];
                b += a;
                a += buf[i + 3];
                b += a;
                a += buf[i + 4];
                b += a;
                a += buf[i + 5];
                b += a;
                a += buf[i + 6];
                b += a;
                a += buf[i + 7];
                b += a;
            }
            for (; i < end; i++) {
                a += buf[i];
                b += a;
            }
            a %= MOD;
            b %= MOD;
        }
        this.a = a;
        this.b = b;
        return this;
    }
    /** 8 lowercase hex digits, zero padded (Pilot 3's format). */
    hex() {
        return ((this.b * 65536 + this.a) >>> 0).toString(16).padStart(8, '0');
    }
}
/** Both checksums over one stream of chunks. */
export class StreamChecksum {
    adler = new Adler32();
    md5;
    bytes = 0;
    constructor(opts = {}) {
        this.md5 = opts.md5 === false ? null : createHash('md5');
    }
    /** Feed a chunk. */
    update(chunk) {
        this.bytes += chunk.length;
        this.adler.update(chunk);
        this.md5?.update(chunk);
    }
    /** Final values (`md5` only when enabled). */
    digest() {
        const out = { adler32: this.adler.hex() };
        if (this.md5)
            out.md5 = this.md5.digest('hex');
        return out;
    }
}
/** Accepted algorithm names (Pilot 3: adler32|adler|ad|ad32 and md5|md5sum|md). */
export function normaliseChecksumType(name) {
    const n = name.toLowerCase();
    if (['adler32', 'adler', 'ad', 'ad32'].includes(n))
        return 'adler32';
    if (['md5', 'md5sum', 'md'].includes(n))
        return 'md5';
    throw errors.UNKNOWNCHECKSUMTYPE(`unknown checksum type: ${name}`);
}
/**
 * Checksums of a local file in one read. A missing file is FILEHANDLINGFAILURE (1303) as in
 * Pilot 3; other read errors are CHECKSUMCALCFAILURE (1366).
 */
export async function fileChecksums(path, opts = {}) {
    const sum = new StreamChecksum({ md5: opts.md5 });
    try {
        const stream = createReadStream(path, { highWaterMark: 1 << 20, signal: opts.signal });
        for await (const chunk of stream)
            sum.update(chunk);
    }
    catch (e) {
        const err = e;
        if (err.name === 'AbortError')
            throw e;
        if (err.code === 'ENOENT')
            throw errors.FILEHANDLINGFAILURE(`checksum: no such file: ${path}`, e);
        throw errors.CHECKSUMCALCFAILURE(`checksum of ${path} failed: ${err.message}`, e);
    }
    const d = sum.digest();
    return { adler32: d.adler32, md5: d.md5, bytes: sum.bytes };
}
/** A catalog checksum's type by Pilot 3's rule (first key of the dict); undefined when empty. */
export function catalogChecksumType(checksum) {
    if (!checksum)
        return undefined;
    for (const [k, v] of Object.entries(checksum)) {
        if (!v)
            continue;
        try {
            return normaliseChecksumType(k);
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
//# sourceMappingURL=checksum.js.map