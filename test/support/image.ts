/**
 * A tiny container image for bubblewrap/Apptainer tests: a directory with /etc/image-release (so
 * a payload can prove it runs inside) and the host's top-level symlinks (bin -> usr/bin, ...);
 * the host's /usr and real /bin, /lib... directories come in through the binds it returns
 * (apptainer syntax, for queuedata.container_options).
 */
import { lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function makeTinyImage(image: string, name = 'tiny-image'): { image: string; binds: string[] } {
  mkdirSync(path.join(image, 'usr'), { recursive: true });
  mkdirSync(path.join(image, 'etc'));
  writeFileSync(path.join(image, 'etc', 'image-release'), `${name}\n`);
  const binds = ['/usr:/usr:ro'];
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) {
    try {
      const st = lstatSync(`/${d}`);
      if (st.isSymbolicLink()) symlinkSync(readlinkSync(`/${d}`), path.join(image, d));
      else {
        mkdirSync(path.join(image, d));
        binds.push(`/${d}:/${d}:ro`);
      }
    } catch {
      // not on this host
    }
  }
  return { image, binds };
}
