/**
 * Admin endpoints (JSON): inspect jobs and requests, add jobs, send commands to pilots, inject
 * faults. Not part of PanDA's API; tests and the `panda-emulator` CLI use them.
 *
 *   GET  /admin/jobs            all job records         GET /admin/jobs/<PandaID>  one record
 *   POST /admin/jobs            add definitions (object or array) → {added: [PandaID...]}
 *   POST /admin/command         {pandaID, command} → {ok, message}
 *   GET  /admin/requests        request log             GET /admin/workers  worker reports
 *   POST /admin/fault           {method, mode, count?, delayMs?, afterProcessing?}
 *   GET  /admin/faults          pending faults          DELETE /admin/faults  clear them
 *   GET  /admin/updates         updates for unknown PandaIDs
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerDeps } from './server.js';
/** Handle one /admin request. */
export declare function adminRoute(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, u: URL): Promise<void>;
