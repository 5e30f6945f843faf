/** Versions: the Pilot 3 release we announce to servers and monitors, and our package's. */
import { readFileSync } from 'node:fs';

/** The version we announce (Pilot 3's, since servers and monitors key on it). */
export const PILOT_VERSION = '3.11.5.1';

/** Our package version (package.json), '' when it cannot be read. */
export function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '');
  } catch {
    return '';
  }
}
