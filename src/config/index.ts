/**
 * Pilot configuration: our default.cfg (Pilot 3's sections and keys) or, as in Pilot 3, the file
 * named by HARVESTER_PILOT_CONFIG when that file exists. Values follow Pilot 3's conversion rules:
 * a value starting with `$` is the environment variable it names (`$NAME` or `${NAME}`; undefined is
 * an error at load time), and typed getters read numbers and booleans from the strings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { errors } from '../common/errors.js';
import { embeddedFile, packageFile } from '../common/bundle.js';
import { interpolate, lookup, parseIni, type IniData } from './ini.js';

export { parseIni, IniSyntaxError, type IniData } from './ini.js';

/** Where our default.cfg lives (repo root `config/`, seen from dist/src/config/). */
export function defaultConfigPath(): string {
  return packageFile('config/default.cfg', new URL('../../../config/default.cfg', import.meta.url));
}

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
export class PilotConfig {
  /** @param data parsed INI @param path the file it came from (for messages) @param env for `$VAR` values */
  constructor(private readonly data: IniData, readonly path: string, private readonly env: NodeJS.ProcessEnv = process.env) {
    // resolve every value once now, so a bad `$VAR` fails at start-up as it does in Pilot 3
    for (const [section, keys] of data) for (const key of keys.keys()) this.resolve(section, key);
  }

  /** Section names in file order (without DEFAULT). */
  sections(): string[] {
    return [...this.data.keys()].filter((s) => s !== 'DEFAULT');
  }

  /** Keys of a section (lower-case, DEFAULT keys included), [] for an unknown section. */
  keys(section: string): string[] {
    if (!this.data.has(section)) return [];
    return [...new Set([...this.data.get(section)!.keys(), ...(this.data.get('DEFAULT')?.keys() ?? [])])];
  }

  /** Whether `[section] key` is set (keys are case-insensitive, sections are not). */
  has(section: string, key: string): boolean {
    return this.data.has(section) && lookup(this.data, section, key.toLowerCase()) !== undefined;
  }

  /** The string value (after `$VAR` and `%(x)s` substitution); `fallback` when missing, else throws. */
  get(section: string, key: string, fallback?: string): string {
    const v = this.raw(section, key);
    if (v !== undefined) return v;
    if (fallback !== undefined) return fallback;
    throw this.missing(section, key);
  }

  /** An integer value; throws when missing (without fallback) or not an integer. */
  getInt(section: string, key: string, fallback?: number): number {
    const v = this.raw(section, key);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw this.missing(section, key);
    }
    if (!/^[+-]?\d+$/.test(v.trim())) throw this.bad(section, key, v, 'an integer');
    return Number.parseInt(v.trim(), 10);
  }

  /** A number value; throws when missing (without fallback) or not a number. */
  getFloat(section: string, key: string, fallback?: number): number {
    const v = this.raw(section, key);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw this.missing(section, key);
    }
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(n)) throw this.bad(section, key, v, 'a number');
    return n;
  }

  /** A boolean (True/true/yes/on/1 or False/false/no/off/0, any case); throws when missing or not boolean. */
  getBool(section: string, key: string, fallback?: boolean): boolean {
    const v = this.raw(section, key);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw this.missing(section, key);
    }
    const t = v.trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(t)) return true;
    if (['false', 'no', 'off', '0'].includes(t)) return false;
    throw this.bad(section, key, v, 'a boolean');
  }

  /** Pilot 3's typed value: True/true → true, False/false → false, None/none → null, digits → integer. */
  value(section: string, key: string): ConfigValue {
    const v = this.get(section, key);
    if (v === 'True' || v === 'true') return true;
    if (v === 'False' || v === 'false') return false;
    if (v === 'None' || v === 'none') return null;
    if (/^\d+$/.test(v)) return Number.parseInt(v, 10);
    return v;
  }

  private raw(section: string, key: string): string | undefined {
    if (!this.data.has(section)) return undefined;
    return this.resolve(section, key.toLowerCase());
  }

  private resolve(section: string, key: string): string | undefined {
    const v = lookup(this.data, section, key);
    if (v === undefined) return undefined;
    const value = interpolate(this.data, section, key, v);
    if (!value.startsWith('$')) return value;
    // Pilot 3 takes everything after `$` / `${` up to `}` as the variable name
    const name = /^\$\{*([^}]+)\}*/.exec(value)?.[1] ?? '';
    const envValue = this.env[name];
    if (envValue === undefined) {
      throw errors.GENERALERROR(`config ${this.path}: [${section}] ${key} names environment variable ${name}, which is not defined`);
    }
    return envValue;
  }

  private missing(section: string, key: string) {
    const where = this.data.has(section) ? `key "${key}" is not set in section [${section}]` : `section [${section}] does not exist`;
    return errors.GENERALERROR(`config ${this.path}: ${where}`);
  }

  private bad(section: string, key: string, value: string, what: string) {
    return errors.GENERALERROR(`config ${this.path}: [${section}] ${key} = ${JSON.stringify(value)} is not ${what}`);
  }
}

/**
 * Load the pilot configuration: `path` if given; else HARVESTER_PILOT_CONFIG when it names an
 * existing file (Pilot 3 silently ignores a missing one); else our default.cfg.
 */
export function loadConfig(opts: LoadConfigOptions = {}): PilotConfig {
  const env = opts.env ?? process.env;
  let path = opts.path;
  let text: string | undefined;
  if (path === undefined) {
    const override = env.HARVESTER_PILOT_CONFIG;
    if (override && existsSync(override)) path = override;
    else {
      // the single executable carries its default.cfg inside
      text = embeddedFile('default.cfg');
      path = text === undefined ? defaultConfigPath() : '(default.cfg built into the executable)';
    }
  }
  try {
    text ??= readFileSync(path, 'utf8');
  } catch (e) {
    throw errors.GENERALERROR(`cannot read pilot config ${path}: ${(e as Error).message}`, e);
  }
  try {
    return new PilotConfig(parseIni(text, path), path, env);
  } catch (e) {
    if (e instanceof Error && e.name.startsWith('PilotError')) throw e;
    throw errors.GENERALERROR(`bad pilot config ${path}: ${(e as Error).message}`, e);
  }
}
