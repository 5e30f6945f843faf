/**
 * The final update's `xml` field (despite its name, JSON): Pilot 3's generate_fileinfo
 * (pilot/control/data.py), one entry per transferred output and log file, keyed by LFN:
 * `{guid, fsize, adler32|md5sum, surl: <turl>, endpoint: <ddmendpoint>}`; "" when none was transferred.
 * Serialised the way Python's json.dumps does it (", " / ": " separators, non-ASCII escaped), so
 * the bytes match what Pilot 3 sends.
 */
/** Python json.dumps(obj) with default options. */
export function pythonJson(value) {
    if (value === null || value === undefined)
        return 'null';
    if (typeof value === 'number')
        return Number.isFinite(value) ? String(value) : 'NaN';
    if (typeof value === 'boolean')
        return value ? 'true' : 'false';
    if (typeof value === 'string')
        return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (Array.isArray(value))
        return `[${value.map(pythonJson).join(', ')}]`;
    if (typeof value === 'object') {
        return `{${Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
            .join(', ')}}`;
    }
    return pythonJson(String(value));
}
/** The file info object (before serialisation). `checksumType` is config File.checksum_type. */
export function buildFileInfo(files, checksumType = 'adler32') {
    const key = checksumType === 'adler32' ? 'adler32' : 'md5sum';
    const info = {};
    for (const f of files) {
        if (f.status !== 'transferred')
            continue;
        info[f.lfn] = {
            guid: f.guid ?? null,
            fsize: f.filesize ?? null,
            [key]: f.checksum?.[checksumType] ?? null,
            surl: f.turl ?? null,
            endpoint: f.ddmendpoint ?? null,
        };
    }
    return info;
}
/** The `xml` field: JSON text of {@link buildFileInfo}, or "" when no file was transferred. */
export function outputFileInfo(files, checksumType = 'adler32') {
    const info = buildFileInfo(files, checksumType);
    return Object.keys(info).length ? pythonJson(info) : '';
}
//# sourceMappingURL=fileinfo.js.map