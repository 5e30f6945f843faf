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
import { ZodError } from 'zod';
import { JobDefinitionError } from './jobdef.js';
import { readBody } from './request.js';
import type { ServerDeps } from './server.js';
import { sendJson } from './server.js';

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, 16 * 1024 * 1024)).toString('utf8');
  return text.trim() ? JSON.parse(text) : {};
}

/** Handle one /admin request. */
export async function adminRoute(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, u: URL): Promise<void> {
  const { store } = deps;
  const path = u.pathname.replace(/\/$/, '');
  const method = req.method ?? 'GET';
  try {
    if (store.runDaemonsThrottled()) store.save();
    if (path === '/admin/jobs' && method === 'GET') return sendJson(res, 200, [...store.jobs.values()]);
    const one = /^\/admin\/jobs\/(\d+)$/.exec(path);
    if (one && method === 'GET') {
      const rec = store.job(Number(one[1]));
      return rec ? sendJson(res, 200, rec) : sendJson(res, 404, { error: `no job ${one[1]}` });
    }
    if (path === '/admin/jobs' && method === 'POST') {
      const body = await jsonBody(req);
      const added = store.addJobs(Array.isArray(body) ? body : [body], 'request');
      return sendJson(res, 200, { added: added.map((r) => r.PandaID) });
    }
    if (path === '/admin/command' && method === 'POST') {
      const body = (await jsonBody(req)) as { pandaID?: unknown; command?: unknown };
      const id = Number(body.pandaID);
      if (!Number.isSafeInteger(id) || typeof body.command !== 'string' || !body.command) {
        return sendJson(res, 400, { ok: false, message: 'expected {"pandaID": <int>, "command": <string>}' });
      }
      const r = deps.command(id, body.command);
      return sendJson(res, r.ok ? 200 : 404, r);
    }
    if (path === '/admin/requests' && method === 'GET') return sendJson(res, 200, deps.requests);
    if (path === '/admin/workers' && method === 'GET') return sendJson(res, 200, store.workerReports);
    if (path === '/admin/updates' && method === 'GET') return sendJson(res, 200, store.orphanUpdates);
    if (path === '/admin/fault' && method === 'POST') return sendJson(res, 200, deps.faults.add((await jsonBody(req)) as never));
    if (path === '/admin/faults' && method === 'GET') return sendJson(res, 200, deps.faults.list());
    if (path === '/admin/faults' && method === 'DELETE') {
      deps.faults.clear();
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 404, { error: `no admin route ${method} ${path}` });
  } catch (e) {
    if (e instanceof JobDefinitionError || e instanceof ZodError || e instanceof SyntaxError) return sendJson(res, 400, { error: e.message });
    throw e;
  }
}
