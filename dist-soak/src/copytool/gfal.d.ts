import type { Copytool } from './types.js';
/** The gfal copytool. */
export declare const gfalCopytool: Copytool;
