import type { Copytool } from './types.js';
/** Names that resolve to a copytool. */
export declare function copytoolNames(): string[];
/** Register (or replace) a copytool under a name, e.g. a site-specific tool. */
export declare function registerCopytool(name: string, tool: Copytool): void;
/** The copytool for a name; unknown names raise UNKNOWNCOPYTOOL (1323). */
export declare function getCopytool(name: string): Promise<Copytool>;
