import { type IniData } from './ini.js';
export { parseIni, IniSyntaxError, type IniData } from './ini.js';
/** Where our default.cfg lives (repo root `config/`, seen from dist/src/config/). */
export declare function defaultConfigPath(): string;
/** Options for {@link loadConfig}. */
export interface LoadConfigOptions {
    /** Read this file instead of HARVESTER_PILOT_CONFIG / the default (must exist). */
    path?: string;
    /** Environment for HARVESTER_PILOT_CONFIG and `$VAR` values (default: process.env). */
    env?: NodeJS.ProcessEnv;
}
/** Pilot 3's value conversion (config.<Section>.<key>): bool, null, integer or string. */
export type ConfigValue = string | number | boolean | null;
/** A loaded configuration with typed getters; a missing key without fallback throws a clear error. */
export declare class PilotConfig {
    private readonly data;
    readonly path: string;
    private readonly env;
    /** @param data parsed INI @param path the file it came from (for messages) @param env for `$VAR` values */
    constructor(data: IniData, path: string, env?: NodeJS.ProcessEnv);
    /** Section names in file order (without DEFAULT). */
    sections(): string[];
    /** Keys of a section (lower-case, DEFAULT keys included), [] for an unknown section. */
    keys(section: string): string[];
    /** Whether `[section] key` is set (keys are case-insensitive, sections are not). */
    has(section: string, key: string): boolean;
    /** The string value (after `$VAR` and `%(x)s` substitution); `fallback` when missing, else throws. */
    get(section: string, key: string, fallback?: string): string;
    /** An integer value; throws when missing (without fallback) or not an integer. */
    getInt(section: string, key: string, fallback?: number): number;
    /** A number value; throws when missing (without fallback) or not a number. */
    getFloat(section: string, key: string, fallback?: number): number;
    /** A boolean (True/true/yes/on/1 or False/false/no/off/0, any case); throws when missing or not boolean. */
    getBool(section: string, key: string, fallback?: boolean): boolean;
    /** Pilot 3's typed value: True/true → true, False/false → false, None/none → null, digits → integer. */
    value(section: string, key: string): ConfigValue;
    private raw;
    private resolve;
    private missing;
    private bad;
}
/**
 * Load the pilot configuration: `path` if given; else HARVESTER_PILOT_CONFIG when it names an
 * existing file (Pilot 3 silently ignores a missing one); else our default.cfg.
 */
export declare function loadConfig(opts?: LoadConfigOptions): PilotConfig;
