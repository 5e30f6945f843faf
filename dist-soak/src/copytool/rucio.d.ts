import type { Copytool } from './types.js';
/** The rucio copytool. */
export declare const rucioCopytool: Copytool;
