/**
 * Differences from Pilot 3 we keep on purpose, each with why ours is better. The compat test and
 * `npm run compat` report them apart from real differences; the README lists them.
 */
import type { Deliberate } from './diff.js';

export const DELIBERATE: Deliberate[] = [];
