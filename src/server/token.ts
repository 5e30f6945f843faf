/**
 * OIDC token refresh as Pilot 3 does it (https.py refresh_oidc_token): with the token key file named
 * by PANDA_AUTH_TOKEN_KEY, GET `get_access_token?client_name=pilot_server&token_key=<key>` with the
 * current token; the answer's `userProxy` becomes the new token, written next to the pilot (mode
 * 0600) and announced through OIDC_REFRESHED_AUTH_TOKEN so later calls use it. Neither the key, the
 * URL carrying it, nor any token is logged.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { log } from '../common/log.js';
import { parsePythonLiteral } from '../common/pyparse.js';
import { writeSecretFile } from '../common/secretfile.js';
import { describeName, locateToken, oidcTokenInfo, readBearer } from './auth.js';
import type { PandaClient } from './client.js';
import type { RequestOptions } from './types.js';

/** Parse Pilot 3's get_access_token answer (JSON, or a Python dict literal as its ast.literal_eval reads it). */
export function parseTokenAnswer(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    const v = parsePythonLiteral(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('token answer is not a dict');
    return v as Record<string, unknown>;
  }
}

/**
 * Refresh the OIDC token. Returns true when a new token was stored; false (with a warning) when
 * no token/key is configured or the server refused, as Pilot 3 (the pilot then keeps the old token).
 * Only an abort of `opts.signal` rejects.
 */
export async function refreshOidcToken(client: PandaClient, env: NodeJS.ProcessEnv, pilotHome: string, opts: RequestOptions = {}): Promise<boolean> {
  const logger = log('token');
  const info = oidcTokenInfo(env);
  const keyName = env.PANDA_AUTH_TOKEN_KEY;
  if (!info || !keyName) {
    logger.warn('no OIDC token or PANDA_AUTH_TOKEN_KEY configured: token not refreshed');
    return false;
  }
  try {
    const keyPath = locateToken(keyName, env, true);
    const key = keyPath ? readFileSync(keyPath, 'utf8').trim() : '';
    if (!key) throw new Error(`token key file ${describeName(keyName, 'PANDA_AUTH_TOKEN_KEY')} not found`);
    const bearer = readBearer(env)!;
    const text = await client.getText('get_access_token', { client_name: 'pilot_server', token_key: key }, bearer, { timeoutS: 20, ...opts });
    const answer = parseTokenAnswer(text);
    const status = answer.StatusCode ?? 0;
    const token = answer.userProxy;
    if (String(status) !== '0' || typeof token !== 'string' || !token) {
      throw new Error(`server refused: StatusCode=${String(status)} ${String(answer.errorDialog ?? answer.ErrorDialog ?? '')}`.trim());
    }
    const target = isAbsolute(info.token) ? info.token : join(pilotHome, info.token);
    const tmp = env.OIDC_REFRESHED_AUTH_TOKEN && env.OIDC_REFRESHED_AUTH_TOKEN !== target ? env.OIDC_REFRESHED_AUTH_TOKEN : join(pilotHome, 'tmp_refreshed_token');
    writeSecretFile(target, token, tmp);
    env.OIDC_REFRESHED_AUTH_TOKEN = target;
    // (a token value where its file name belongs is not shown, not even as part of a path)
    const shown = describeName(info.token, 'OIDC_AUTH_TOKEN').startsWith('"') ? target : describeName(info.token, 'OIDC_AUTH_TOKEN');
    logger.info({ file: shown, length: token.length }, 'OIDC token refreshed');
    return true;
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    logger.warn({ reason: (e as Error).message }, 'OIDC token refresh failed');
    return false;
  }
}
