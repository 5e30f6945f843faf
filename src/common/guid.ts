/** GUIDs the pilot generates for output files. */
import { randomUUID } from 'node:crypto';

/** A random GUID in Pilot 3's form: upper-case hex with dashes (e.g. 92008FAF-BE4C-49CF-9C5C-E12BC74ACD19). */
export function newGuid(): string {
  return randomUUID().toUpperCase();
}
