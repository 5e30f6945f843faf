/**
 * Copytools by name (Pilot 3's `copytool_modules`, plus our native `https`). Heavy tools (s3)
 * are imported only when a queue asks for them.
 */
import { errors } from '../common/errors.js';
import type { Copytool } from './types.js';

type Loader = () => Promise<Copytool>;

const LOADERS: Record<string, Loader> = {
  mv: async () => (await import('./mv.js')).mvCopytool,
  xrdcp: async () => (await import('./xrdcp.js')).xrdcpCopytool,
  https: async () => (await import('./https.js')).httpsCopytool,
  davs: async () => (await import('./https.js')).httpsCopytool,
  gfal: async () => (await import('./gfal.js')).gfalCopytool,
  gfalcopy: async () => (await import('./gfal.js')).gfalCopytool,
  rucio: async () => (await import('./rucio.js')).rucioCopytool,
  s3: async () => (await import('./s3.js')).s3Copytool,
  objectstore: async () => (await import('./objectstore.js')).objectstoreCopytool,
  lsm: async () => (await import('./lsm.js')).lsmCopytool,
};

const custom = new Map<string, Copytool>();

/** Names that resolve to a copytool. */
export function copytoolNames(): string[] {
  return [...new Set([...Object.keys(LOADERS), ...custom.keys()])].sort();
}

/** Register (or replace) a copytool under a name, e.g. a site-specific tool. */
export function registerCopytool(name: string, tool: Copytool): void {
  custom.set(name, tool);
}

/** The copytool for a name; unknown names raise UNKNOWNCOPYTOOL (1323). */
export async function getCopytool(name: string): Promise<Copytool> {
  const own = custom.get(name);
  if (own) return own;
  const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
  if (!load) throw errors.UNKNOWNCOPYTOOL(`unknown copytool name: ${JSON.stringify(name)} (known: ${copytoolNames().join(', ')})`);
  return load();
}
