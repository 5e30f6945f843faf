/**
 * `objectstore` copytool (the name queues give object-store endpoints, Pilot 3's
 * pilot/copytool/objectstore.py): files go to/from the object store's protocol, surls built as
 * Pilot 3's resolve_surl does (deterministic: endpoint + path + rucio path; OS_ES/OS_LOGS:
 * endpoint + path + lfn). Pilot 3 runs the `rucio download/upload` CLI for this; we move the bytes
 * with our own tools by scheme (s3/s3+rucio → the S3 client, root → xrdcp, https/davs → native
 * https), so no Rucio client installation is needed and checksums are verified as for any copy.
 */
import { errors } from '../common/errors.js';
import type { StorageDataLike, TransferFile } from '../data/types.js';
import { rucioPath } from './paths.js';
import type { CopyContext, Copytool } from './types.js';

/** The tool that moves bytes for a URL scheme. */
async function toolFor(url: string | undefined, isStagein: boolean): Promise<Copytool> {
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url ?? '')?.[1]?.toLowerCase();
  switch (scheme) {
    case 's3':
    case 's3+rucio':
      return (await import('./s3.js')).s3Copytool;
    case 'root':
      return (await import('./xrdcp.js')).xrdcpCopytool;
    case 'https':
    case 'davs':
      return (await import('./https.js')).httpsCopytool;
    default: {
      const fail = isStagein ? errors.STAGEINFAILED : errors.STAGEOUTFAILED;
      throw fail(`objectstore: unsupported protocol ${scheme ?? '(none)'} for ${url ?? 'a file without turl'}`);
    }
  }
}

/** Run each file with the tool for its turl's scheme, in order. */
async function byScheme(files: TransferFile[], ctx: CopyContext, isStagein: boolean): Promise<TransferFile[]> {
  for (const f of files) {
    const tool = await toolFor(f.turl, isStagein);
    await (isStagein ? tool.copyIn([f], ctx) : tool.copyOut([f], ctx));
  }
  return files;
}

/** Pilot 3's objectstore resolve_surl. */
function resolveSurl(f: TransferFile, protocol: { endpoint: string; path?: string; id?: unknown }, ddmconf: Record<string, StorageDataLike>): { surl: string } {
  const ddm = ddmconf[f.ddmendpoint ?? ''];
  if (!ddm) throw errors.NOSTORAGE(`failed to resolve ddmendpoint by name=${f.ddmendpoint}`);
  const join = (...p: string[]) => p.filter(Boolean).join('/').replace(/([^:])\/{2,}/g, '$1/');
  if (ddm.is_deterministic) return { surl: protocol.endpoint + join(protocol.path ?? '', rucioPath(f.scope, f.lfn)) };
  if (ddm.type === 'OS_ES' || ddm.type === 'OS_LOGS') {
    f.protocol_id = (protocol.id as number | string | undefined) ?? null;
    return { surl: protocol.endpoint + join(protocol.path ?? '', f.lfn) };
  }
  throw errors.NONDETERMINISTICDDM(`resolve_surl(): failed to construct SURL for non deterministic ddm=${f.ddmendpoint}: NOT IMPLEMENTED`);
}

/** The objectstore copytool (Pilot 3's flags and schemes). */
export const objectstoreCopytool: Copytool = {
  name: 'objectstore',
  requireReplicas: false,
  requireInputProtocols: true,
  requireProtocols: true,
  checkAvailableSpace: true,
  allowedSchemas: ['srm', 'gsiftp', 'https', 'davs', 'root', 's3', 's3+rucio'],
  copyIn: (files, ctx) => byScheme(files, ctx, true),
  copyOut: (files, ctx) => byScheme(files, ctx, false),
  resolveSurl,
};
