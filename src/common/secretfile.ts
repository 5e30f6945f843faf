/** Credentials on disk: one owner for writing them so that no reader ever sees half a file. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Write `content` to `path` atomically with mode 0600 (through `tmp`, by default a hidden file
 * beside `path`); the temporary file is removed when anything fails. Never logs the content.
 */
export function writeSecretFile(path: string, content: string, tmp: string = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)): void {
  try {
    writeFileSync(tmp, content, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
