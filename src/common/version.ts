/** Versions: the Pilot 3 release we announce to servers and monitors, and our package's. */
import { readFileSync } from 'node:fs';

/** The Pilot 3 release whose protocol we speak, as reported in pilotID and trace reports. */
export const PILOT_VERSION = '3.11.5.1';

/** Our package version (package.json), '' when it cannot be read. */
export function packageVersion(): string {
  // dist/src/common/version.js (tsc build) or dist/bundle/pilot.cjs (the bundle)
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'panda-pilot') return String(pkg.version ?? '');
    } catch {
      // next candidate
    }
  }
  return '';
}
