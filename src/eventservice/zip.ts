/**
 * The zip-of-outputs mode's archive (Pilot 3's tarzip_output_es): a plain tar of the outputs, each
 * stored under its base name (`tar -rf <tar> --directory=<dir> <name>` per file in Pilot 3).
 */
import { dirname, basename } from 'node:path';

/** Write `tarPath` holding the given files under their base names. */
export async function zipOutputs(tarPath: string, files: string[]): Promise<void> {
  const tar = await import('tar');
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const d = dirname(f);
    byDir.set(d, [...(byDir.get(d) ?? []), basename(f)]);
  }
  let first = true;
  for (const [cwd, names] of byDir) {
    if (first) await tar.c({ file: tarPath, cwd, portable: true }, names);
    else await tar.r({ file: tarPath, cwd, portable: true }, names);
    first = false;
  }
}
