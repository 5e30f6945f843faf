/**
 * WLCG bearer token discovery (WLCG Bearer Token Discovery, as gfal2/davix/xrootd clients do it):
 * BEARER_TOKEN (the token itself), else the file BEARER_TOKEN_FILE, else
 * `$XDG_RUNTIME_DIR/bt_u<uid>`, else `/tmp/bt_u<uid>`. Used for davs/root storage and Rucio's
 * oidc auth. The token is read fresh at every call (it may be rotated) and never logged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the token was found (for logs: the source, never the token). */
export interface BearerToken {
  token: string;
  source: string;
}

function readToken(path: string): string | undefined {
  try {
    const t = readFileSync(path, 'utf8').trim();
    return t || undefined;
  } catch {
    return undefined;
  }
}

/** The WLCG bearer token for storage access, or undefined when none is configured. */
export function discoverBearerToken(env: NodeJS.ProcessEnv, uid: number | undefined = process.getuid?.()): BearerToken | undefined {
  const direct = env.BEARER_TOKEN?.trim();
  if (direct) return { token: direct, source: 'BEARER_TOKEN' };
  if (env.BEARER_TOKEN_FILE) {
    const t = readToken(env.BEARER_TOKEN_FILE);
    // a named file that is missing is not silently replaced by another token
    return t ? { token: t, source: env.BEARER_TOKEN_FILE } : undefined;
  }
  if (uid === undefined) return undefined;
  for (const dir of [env.XDG_RUNTIME_DIR, '/tmp']) {
    if (!dir) continue;
    const p = join(dir, `bt_u${uid}`);
    const t = readToken(p);
    if (t) return { token: t, source: p };
  }
  return undefined;
}
