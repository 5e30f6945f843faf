/** The recorded Pilot 3 transcripts (facts about Pilot 3, committed under test/compat/fixtures). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawRun } from './capture.js';
import type { Transcript } from './normalise.js';

/** Where the fixtures live (the source tree, not dist). */
export const FIXTURE_DIR = fileURLToPath(new URL('../../../test/compat/fixtures/', import.meta.url));

/** A fixture: Pilot 3's run with run-specific paths masked, its normalised transcript, its machine. */
export interface CompatFixture {
  scenario: string;
  what: string;
  pilot3Version: string;
  recorded: string;
  run: RawRun;
  normalised: Transcript;
}

/** Every recorded fixture, by scenario name. */
export function loadFixtures(): Map<string, CompatFixture> {
  const out = new Map<string, CompatFixture>();
  for (const f of readdirSync(FIXTURE_DIR).filter((n) => n.endsWith('.json')).sort()) {
    const fx = JSON.parse(readFileSync(path.join(FIXTURE_DIR, f), 'utf8')) as CompatFixture;
    out.set(fx.scenario, fx);
  }
  return out;
}
