import { pyInt } from './handlers.js';
/** getEventRanges(pandaID, jobsetID, taskID, nRanges, ...). */
export function getEventRanges(p, ctx) {
    pyInt(p.timeout ?? 60);
    if (p.segment_id !== undefined && p.segment_id !== null)
        pyInt(p.segment_id);
    const n = Math.max(0, Number.parseInt(String(p.nRanges ?? 10), 10) || 0);
    const rec = ctx.store.job(String(p.pandaID));
    const ranges = [];
    const killed = (rec?.commandToPilot ?? '').includes('tobekilled');
    if (rec && rec.active && ['sent', 'starting', 'running'].includes(rec.jobStatus) && !killed) {
        for (const r of rec.eventRanges) {
            if (ranges.length >= n)
                break;
            if (r.status !== 'ready')
                continue;
            r.status = 'sent';
            ranges.push({ eventRangeID: r.eventRangeID, startEvent: r.startEvent, lastEvent: r.lastEvent, LFN: r.LFN, GUID: r.GUID, scope: r.scope });
        }
        ctx.store.save();
    }
    return { type: 'dict', data: { StatusCode: 0, eventRanges: ctx.acceptJson ? ranges : JSON.stringify(ranges) } };
}
const FINAL = ['finished', 'failed', 'fatal'];
function findRange(ctx, id) {
    if (typeof id !== 'string')
        return [undefined, undefined];
    const pandaID = id.split('-')[1];
    const rec = pandaID ? ctx.store.job(pandaID) : undefined;
    return [rec, rec?.eventRanges.find((r) => r.eventRangeID === id)];
}
/** updateEventRanges(eventRanges, version, ...). */
export function updateEventRanges(p, ctx) {
    pyInt(p.timeout ?? 120);
    let version = 0;
    try {
        version = pyInt(p.version ?? 0);
    }
    catch {
        version = 0;
    }
    let items;
    try {
        items = JSON.parse(String(p.eventRanges));
    }
    catch {
        // the task buffer returns one JSON error string; the dispatcher indexes its first two characters
        return { type: 'dict', data: { StatusCode: 0, Returns: '"', Command: 'E' } };
    }
    const flat = [];
    for (const item of Array.isArray(items) ? items : []) {
        if (item && typeof item === 'object' && Array.isArray(item.eventRanges)) {
            const group = item;
            for (const er of group.eventRanges)
                flat.push({ ...er, zipFile: group.zipFile, esOutput: group.esOutput });
        }
        else if (item && typeof item === 'object')
            flat.push(item);
    }
    const returns = [];
    const commands = {};
    for (const er of flat) {
        const [rec, range] = findRange(ctx, er.eventRangeID);
        const status = er.eventStatus;
        const idPart = typeof er.eventRangeID === 'string' ? er.eventRangeID.split('-')[1] ?? '' : '';
        if (!rec) {
            commands[idPart] = 'tobekilled';
            returns.push(false);
            continue;
        }
        commands[String(rec.PandaID)] = rec.commandToPilot ?? null;
        const jobOk = ['sent', 'running', 'starting', 'transferring'].includes(rec.jobStatus) && rec.active;
        if (status === 'running' || status === 'transferring') {
            if (range)
                range.updates.push({ ...er });
            returns.push(null);
            continue;
        }
        if (!range || !jobOk || typeof status !== 'string' || !FINAL.includes(status) || !['sent', 'running'].includes(range.status)) {
            returns.push(false);
            continue;
        }
        range.status = status;
        range.updates.push({ ...er, version });
        returns.push(true);
    }
    ctx.store.save();
    const data = version === 0 ? { StatusCode: 0, Returns: JSON.stringify(returns), Command: JSON.stringify(commands) } : { StatusCode: 0, Returns: returns, Command: commands };
    return { type: 'dict', data };
}
//# sourceMappingURL=events.js.map