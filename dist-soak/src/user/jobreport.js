/**
 * jobReport.json, as Pilot 3 reads it (pilot/user/atlas/common.py parse_jobreport_data and
 * update_job_data, pilot/user/atlas/diagnose.py process_job_report).
 *
 * {@link readJobReport} never throws: a missing or malformed report is described in the result
 * and each plugin decides what that means (generic: nothing, the raw text is still sent as
 * metaData; ATLAS: INTERNALPILOTPROBLEM for malformed JSON, NOPAYLOADMETADATA when absent).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Follow a "/"-separated path in nested objects (Pilot 3's DictQuery). */
export function dig(obj, path) {
    let cur = obj;
    for (const k of path.split('/')) {
        if (!isObj(cur))
            return undefined;
        cur = cur[k];
    }
    return cur;
}
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
/** Pilot 3's parse_jobreport_data on an already parsed report. */
export function parseJobReportData(report) {
    const out = { nEvents: 0, inputfiles: [], outputfiles: {}, dbTime: '', dbData: '', memory: {}, resimevents: null };
    if (!report || Object.keys(report).length === 0)
        return out;
    out.nEvents = num(dig(report, 'resource/transform/processedEvents')) ?? 0;
    const cpu = num(dig(report, 'resource/transform/cpuTimeTotal'));
    if (cpu !== undefined)
        out.cpuConsumptionTime = cpu;
    const node = dig(report, 'resource/machine/node');
    if (typeof node === 'string')
        out.node = node;
    const model = dig(report, 'resource/machine/model_name');
    if (typeof model === 'string')
        out.cpuConsumptionUnit = model;
    const dbTime = num(dig(report, 'resource/dbTimeTotal'));
    if (dbTime !== undefined)
        out.dbTime = dbTime;
    const dbData = num(dig(report, 'resource/dbDataTotal'));
    if (dbData !== undefined)
        out.dbData = dbData;
    const exit = num(report.exitCode);
    if (exit !== undefined)
        out.transExitCode = exit;
    if (typeof report.exitMsg === 'string')
        out.exeErrorDiag = report.exitMsg;
    const inputs = dig(report, 'files/input');
    if (Array.isArray(inputs)) {
        out.inputfiles = inputs;
        if (inputs.length)
            out.nInputFiles = inputs.reduce((n, f) => n + (isObj(f) && Array.isArray(f.subFiles) ? f.subFiles.length : 0), 0);
    }
    const outputs = dig(report, 'files/output');
    if (Array.isArray(outputs)) {
        for (const f of outputs) {
            if (!isObj(f) || !Array.isArray(f.subFiles))
                continue;
            for (const sf of f.subFiles) {
                if (!isObj(sf) || typeof sf.name !== 'string')
                    continue;
                const rec = { guid: typeof sf.file_guid === 'string' ? sf.file_guid : null, size: num(sf.file_size) ?? null };
                if (Number.isInteger(sf.nentries))
                    rec.nentries = sf.nentries;
                out.outputfiles[sf.name] = rec;
            }
        }
    }
    const executors = dig(report, 'resource/executor');
    if (isObj(executors)) {
        for (const step of Object.values(executors)) {
            if (!isObj(step))
                continue;
            const mem = step.memory;
            for (const key of ['Avg', 'Max']) {
                const part = isObj(mem) ? mem[key] : undefined;
                if (!isObj(part))
                    continue;
                for (const [k, v] of Object.entries(part)) {
                    const n = num(v);
                    if (n !== undefined)
                        out.memory[k] = (out.memory[k] ?? 0) + n;
                }
            }
            if (out.resimevents === null) {
                const r = num(step.resimevents);
                if (r !== undefined)
                    out.resimevents = r;
            }
        }
    }
    return out;
}
/** Read and parse `<workdir>/jobReport.json` (never throws). */
export async function readJobReport(workdir, name = 'jobReport.json') {
    const empty = { exists: false, raw: '', exitCode: 0, exitMsg: '', data: parseJobReportData(undefined) };
    let raw;
    try {
        raw = await readFile(join(workdir, name), 'utf8');
    }
    catch {
        return empty;
    }
    const res = { ...empty, exists: true, raw };
    let parsed;
    try {
        parsed = JSON.parse(raw);
    }
    catch (e) {
        res.malformed = `${name} is not valid JSON: ${e.message}`;
        return res;
    }
    if (!isObj(parsed)) {
        res.malformed = `${name} is not a JSON object`;
        return res;
    }
    res.report = parsed;
    res.exitCode = num(parsed.exitCode) ?? 0;
    res.exitMsg = typeof parsed.exitMsg === 'string' ? parsed.exitMsg : '';
    const ec = num(parsed.exeErrorCode);
    if (ec !== undefined)
        res.exeErrorCode = ec;
    if (typeof parsed.exeErrorDiag === 'string')
        res.exeErrorDiag = parsed.exeErrorDiag;
    res.data = parseJobReportData(parsed);
    return res;
}
//# sourceMappingURL=jobreport.js.map