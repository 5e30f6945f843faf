/**
 * The final update's `xml` field (despite its name, JSON): Pilot 3's generate_fileinfo
 * (pilot/control/data.py), one entry per transferred output and log file, keyed by LFN:
 * `{guid, fsize, adler32|md5sum, surl: <turl>, endpoint: <ddmendpoint>}`; "" when none was transferred.
 * Serialised the way Python's json.dumps does it (", " / ": " separators, non-ASCII escaped), so
 * the bytes match what Pilot 3 sends.
 */
/** The FileSpec fields the file info reads (Pilot 3 attribute names). */
export interface FileInfoSpec {
    lfn: string;
    guid?: string | null;
    filesize?: number | null;
    checksum?: {
        adler32?: string;
        md5?: string;
    } & Record<string, string | undefined>;
    turl?: string | null;
    ddmendpoint?: string | null;
    status?: string | null;
}
/** Python json.dumps(obj) with default options. */
export declare function pythonJson(value: unknown): string;
/** The file info object (before serialisation). `checksumType` is config File.checksum_type. */
export declare function buildFileInfo(files: Iterable<FileInfoSpec>, checksumType?: string): Record<string, Record<string, unknown>>;
/** The `xml` field: JSON text of {@link buildFileInfo}, or "" when no file was transferred. */
export declare function outputFileInfo(files: Iterable<FileInfoSpec>, checksumType?: string): string;
