/**
 * The status page (GET /): queues, jobs with their states, error codes and last heartbeats, in a
 * small self-contained HTML document.
 */
import { pyDate } from './store.js';
import type { EmulatorStore } from './store.js';
import type { JobRecord } from './types.js';

function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function when(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : pyDate(ms);
}

/** Event ranges of a job by status (`finished: 190, failed: 10`), `ES merge of ...` for merge jobs. */
export function rangeSummary(j: JobRecord): string {
  if (j.esMergeOf) return `ES merge of ${j.esMergeOf.join(', ')}`;
  const counts = new Map<string, number>();
  for (const r of j.eventRanges) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s}: ${n}`).join(', ');
}

/** Render the status page for the store's current content. */
export function renderStatusPage(store: EmulatorStore, url: string): string {
  const queues = Object.entries(store.queues)
    .map(([name, q]) => {
      const jobs = [...store.jobs.values()].filter((j) => j.queue === name);
      const counts = new Map<string, number>();
      for (const j of jobs) counts.set(j.jobStatus, (counts.get(j.jobStatus) ?? 0) + 1);
      const summary = [...counts.entries()].map(([s, n]) => `${esc(s)}: ${n}`).join(', ');
      return `<tr><td>${esc(name)}</td><td>${esc(q.status ?? 'online')}</td><td>${esc(q.panda_resource ?? name)}</td><td>${summary}</td></tr>`;
    })
    .join('\n');
  const jobs = [...store.jobs.values()]
    .sort((a, b) => b.PandaID - a.PandaID)
    .map((j) => {
      const r = j.reported;
      return (
        `<tr class="${esc(j.jobStatus)}"><td><a href="/job/${j.PandaID}">${j.PandaID}</a></td><td>${esc(j.queue)}</td><td>${esc(j.prodSourceLabel)}</td>` +
        `<td>${esc(j.jobStatus)}</td><td>${j.attemptNr}</td><td>${esc(j.commandToPilot ?? '')}</td>` +
        `<td>${esc(r.pilotErrorCode ?? '')}</td><td>${esc(r.pilotErrorDiag ?? '')}</td><td>${esc(r.transExitCode ?? '')}</td>` +
        `<td>${esc(j.jobDispatcherErrorCode || '')} ${esc(j.jobDispatcherErrorDiag)}</td><td>${esc(j.ddmErrorCode || '')} ${esc(j.ddmErrorDiag)}</td>` +
        `<td>${esc(when(j.lastHeartbeat))}</td><td>${j.updates.length}</td><td>${esc(j.modificationHost)}</td><td>${esc(rangeSummary(j))}</td></tr>`
      );
    })
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>PanDA emulator</title>
<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}
.finished{background:#dfd}.failed{background:#fdd}.running,.starting{background:#ddf}.holding,.transferring{background:#ffd}</style></head>
<body><h1>PanDA server emulator</h1><p>${esc(url)} &mdash; server time ${esc(pyDate(store.now()))} UTC</p>
<h2>Queues</h2><table><tr><th>queue</th><th>status</th><th>site (panda_resource)</th><th>jobs</th></tr>
${queues}
</table>
<h2>Jobs</h2><table><tr><th>PandaID</th><th>queue</th><th>label</th><th>state</th><th>attempt</th><th>command</th>
<th>pilotErrorCode</th><th>pilotErrorDiag</th><th>transExitCode</th><th>dispatcher error</th><th>ddm error</th><th>last heartbeat</th><th>updates</th><th>node</th><th>event ranges</th></tr>
${jobs}
</table></body></html>
`;
}

function table(rows: Array<[string, unknown]>): string {
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

/** The page of one job (GET /job/<PandaID>): fields, files, state history, every update; undefined when unknown. */
export function renderJobPage(store: EmulatorStore, pandaID: number): string | undefined {
  const j = store.job(pandaID);
  if (!j) return undefined;
  const r = j.reported;
  const main: Array<[string, unknown]> = [
    ['state', j.jobStatus], ['queue', j.queue], ['label', j.prodSourceLabel], ['attempt', j.attemptNr],
    ['transformation', j.spec.transformation], ['parameters', j.spec.jobPars],
    ['pilotErrorCode', r.pilotErrorCode], ['pilotErrorDiag', r.pilotErrorDiag], ['transExitCode', r.transExitCode],
    ['exeErrorCode', r.exeErrorCode], ['pilotTiming', r.pilotTiming], ['cpuConsumptionTime', r.cpuConsumptionTime],
    ['maxRSS / maxPSS / maxVMEM (kB)', [r.maxRSS, r.maxPSS, r.maxVMEM].map((v) => v ?? '').join(' / ')],
    ['dispatcher error', `${j.jobDispatcherErrorCode || ''} ${j.jobDispatcherErrorDiag}`], ['ddm error', `${j.ddmErrorCode || ''} ${j.ddmErrorDiag}`],
    ['node', j.modificationHost], ['start / end', `${when(j.startTime)} / ${when(j.endTime)}`], ['command to pilot', j.commandToPilot ?? ''],
  ];
  let reportedFiles: Record<string, Record<string, unknown>> = {};
  try {
    reportedFiles = j.xml ? (JSON.parse(j.xml) as typeof reportedFiles) : {};
  } catch {
    // a non-JSON xml field is shown as is below
  }
  const files = j.files
    .map((f) => {
      const rep = reportedFiles[f.lfn] ?? {};
      return `<tr><td>${esc(f.type)}</td><td>${esc(f.scope)}:${esc(f.lfn)}</td><td>${esc(f.ddmEndpoint)}</td><td>${esc(rep.fsize ?? f.fsize)}</td><td>${esc(rep.adler32 ?? f.checksum)}</td><td>${esc(rep.surl ?? '')}</td></tr>`;
    })
    .join('');
  const history = j.history.map((h) => `<tr><td>${esc(when(h.time))}</td><td>${esc(h.status)}</td></tr>`).join('');
  const updates = j.updates
    .map((u) => `<tr><td>${esc(when(u.time))}</td><td>${esc(u.params.state)}</td><td>${esc(u.encoding)}</td><td>${esc(u.jobStatus)}</td><td><code>${esc(JSON.stringify(u.response))}</code></td></tr>`)
    .join('');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>PanDA job ${pandaID}</title>
<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:6px;white-space:pre-wrap}</style></head>
<body><p><a href="/">&larr; all jobs</a></p><h1 class="${esc(j.jobStatus)}">Job ${pandaID}: ${esc(j.jobStatus)}</h1>
${table(main)}
<h2>Files</h2><table><tr><th>type</th><th>DID</th><th>RSE</th><th>size</th><th>checksum</th><th>stored at</th></tr>${files}</table>
<h2>States</h2><table><tr><th>time</th><th>state</th></tr>${history}</table>
<h2>Updates (${j.updates.length})</h2><table><tr><th>time</th><th>state sent</th><th>encoding</th><th>server state</th><th>answer</th></tr>${updates}</table>
${j.pilotLog ? `<h2>pilotLog</h2><pre>${esc(j.pilotLog)}</pre>` : ''}
</body></html>
`;
}
