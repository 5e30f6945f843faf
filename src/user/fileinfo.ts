/**
 * The final update's `xml` field (despite its name, JSON): Pilot 3's generate_fileinfo
 * (pilot/control/data.py), one entry per transferred output and log file, keyed by LFN:
 * `{guid, fsize, adler32|md5sum, surl: <turl>, endpoint: <ddmendpoint>}`; "" when none was transferred.
 * Serialised the way Python's json.dumps does it (", " / ": " separators, non-ASCII escaped), so
 * the bytes match what Pilot 3 sends.
 */
import { pyJsonDumps } from '../common/pyliteral.js';

/** The FileSpec fields the file info reads (Pilot 3 attribute names). */
export interface FileInfoSpec {
  lfn: string;
  guid?: string | null;
  filesize?: number | null;
  checksum?: { adler32?: string; md5?: string } & Record<string, string | undefined>;
  turl?: string | null;
  ddmendpoint?: string | null;
  status?: string | null;
}

/** The file info object (before serialisation). `checksumType` is config File.checksum_type. */
export function buildFileInfo(files: Iterable<FileInfoSpec>, checksumType = 'adler32'): Record<string, Record<string, unknown>> {
  const key = checksumType === 'adler32' ? 'adler32' : 'md5sum';
  const info: Record<string, Record<string, unknown>> = {};
  for (const f of files) {
    if (f.status !== 'transferred') continue;
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
export function outputFileInfo(files: Iterable<FileInfoSpec>, checksumType = 'adler32'): string {
  const info = buildFileInfo(files, checksumType);
  return Object.keys(info).length ? pyJsonDumps(info) : '';
}
