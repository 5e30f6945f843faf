import type { PandaClient } from './client.js';
import type { RequestOptions } from './types.js';
/** Parse Pilot 3's get_access_token answer (JSON, or a Python dict literal). */
export declare function parseTokenAnswer(text: string): Record<string, unknown>;
/**
 * Refresh the OIDC token. Returns true when a new token was stored; false (with a warning) when
 * no token/key is configured or the server refused, as Pilot 3 (the pilot then keeps the old token).
 * Only an abort of `opts.signal` rejects.
 */
export declare function refreshOidcToken(client: PandaClient, env: NodeJS.ProcessEnv, pilotHome: string, opts?: RequestOptions): Promise<boolean>;
