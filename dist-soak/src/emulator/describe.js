/**
 * The job description a getJob answer carries, built the way panda-server's
 * `Protocol.Response.appendJob` builds it: per-file comma lists aligned by position, inputs
 * deduplicated by LFN, outputs and log in file order, trailing commas dropped, fixed key order.
 */
import { isDebugMode } from './jobdef.js';
function tags(rec) {
    return rec.specialHandling ? rec.specialHandling.split(',') : [];
}
/** The description fields (no StatusCode) for a job record. */
export function describeJob(rec, ctx) {
    if (rec.raw)
        return { ...rec.raw };
    const s = rec.spec;
    const d = {};
    d.PandaID = rec.PandaID;
    d.prodSourceLabel = rec.prodSourceLabel;
    d.swRelease = s.swRelease;
    d.homepackage = s.homepackage;
    d.transformation = rec.trfName ? `${ctx.trfBaseUrl}/${rec.trfName}` : s.transformation;
    d.jobName = s.jobName;
    d.jobDefinitionID = s.jobDefinitionID;
    d.cloud = s.cloud;
    const inFiles = [];
    const dispatch = [];
    const disToken = [];
    const prodDBlock = [];
    const prodToken = [];
    const guids = [];
    const realDsIn = [];
    const fsize = [];
    const checksum = [];
    const scopeIn = [];
    const ddmIn = [];
    const outFiles = [];
    const destination = [];
    const realDs = [];
    const fileDestSE = [];
    const scopeOut = [];
    const destToken = [];
    const disTokenOut = [];
    const prodTokenOut = [];
    const ddmOut = [];
    const noOutput = [];
    let logFile = '';
    let logGUID = '';
    let scopeLog = '';
    const seen = new Set();
    for (const f of rec.files) {
        if (f.type === 'input') {
            if (seen.has(f.lfn))
                continue;
            seen.add(f.lfn);
            inFiles.push(f.lfn);
            dispatch.push(f.dispatchDBlock);
            disToken.push(f.dispatchDBlockToken);
            prodDBlock.push(f.prodDBlock);
            prodToken.push(f.prodDBlockToken);
            guids.push(f.GUID);
            realDsIn.push(f.dataset);
            fsize.push(String(f.fsize));
            checksum.push(f.checksum);
            scopeIn.push(f.scope);
            ddmIn.push(f.ddmEndpoint);
        }
        else {
            outFiles.push(f.lfn);
            destination.push(f.destinationDBlock);
            realDs.push(f.dataset);
            fileDestSE.push(f.destinationSE);
            if (f.type === 'log') {
                logFile = f.lfn;
                logGUID = f.GUID;
                scopeLog = f.scope;
            }
            else
                scopeOut.push(f.scope);
            destToken.push(f.destinationDBlockToken.split(',')[0].replace(/^ddd:/, 'dst:'));
            disTokenOut.push(f.dispatchDBlockToken);
            prodTokenOut.push(f.prodDBlockToken);
            ddmOut.push(f.ddmEndpoint);
            if (f.allowNoOutput)
                noOutput.push(f.lfn);
        }
    }
    d.inFiles = inFiles.join(',');
    d.dispatchDblock = dispatch.join(',');
    d.dispatchDBlockToken = disToken.join(',');
    d.dispatchDBlockTokenForOut = disTokenOut.join(',');
    d.outFiles = outFiles.join(',');
    d.destinationDblock = destination.join(',');
    d.destinationDBlockToken = destToken.join(',');
    d.prodDBlocks = prodDBlock.join(',');
    d.prodDBlockToken = prodToken.join(',');
    d.realDatasets = realDs.join(',');
    d.realDatasetsIn = realDsIn.join(',');
    d.fileDestinationSE = fileDestSE.join(',');
    d.logFile = logFile;
    d.logGUID = logGUID;
    const jobPars = String(s.jobPars ?? '');
    d.jobPars = tags(rec).includes('ej') ? Buffer.from(jobPars).toString('base64') : jobPars;
    d.attemptNr = rec.attemptNr;
    d.GUID = guids.join(',');
    d.checksum = checksum.join(',');
    d.fsize = fsize.join(',');
    d.scopeIn = scopeIn.join(',');
    d.scopeOut = scopeOut.join(',');
    d.scopeLog = scopeLog;
    d.ddmEndPointIn = ddmIn.join(',');
    d.ddmEndPointOut = ddmOut.join(',');
    d.destinationSE = s.destinationSE;
    d.prodUserID = rec.prodUserID;
    d.maxCpuCount = s.maxCpuCount;
    d.minRamCount = rec.minRamCount;
    d.maxDiskCount = rec.maxDiskCount;
    d.cmtConfig = s.cmtConfig;
    d.processingType = rec.processingType;
    d.transferType = s.transferType;
    d.sourceSite = s.sourceSite;
    d.currentPriority = rec.currentPriority;
    d.taskID = s.taskID;
    d.coreCount = s.coreCount === null || s.coreCount === undefined || s.coreCount === 'NULL' ? 1 : s.coreCount;
    d.jobsetID = s.jobsetID;
    d.reqID = s.reqID;
    d.nucleus = s.nucleus;
    d.maxWalltime = rec.maxWalltime;
    d.resource_type = rec.resource_type;
    const t = tags(rec);
    if (t.includes('lc'))
        d.loopingCheck = false;
    if (isDebugMode(rec))
        d.debug = 'True';
    const clone = t.find((x) => x.startsWith('sc:'));
    if (clone)
        d.cloneJob = clone === 'sc:1' ? 'runonce' : 'storeonce';
    else if (t.includes('eventservice') || rec.eventRanges.length > 0) {
        d.eventService = 'True';
        d.prodDBlockTokenForOutput = prodTokenOut.join(',');
    }
    if (noOutput.length)
        d.allowNoOutput = noOutput.join(',');
    if (t.includes('po'))
        d.putLogToOS = 'True';
    if (t.includes('nc'))
        d.noExecStrCnv = 'True';
    if (t.includes('if'))
        d.inFilePosEvtNum = 'True';
    if (t.includes('up'))
        d.usePrefetcher = 'True';
    if (s.container_name !== null && s.container_name !== undefined && s.container_name !== 'NULL')
        d.container_name = s.container_name;
    d.ioIntensity = null;
    d.ioIntensityUnit = null;
    if (t.includes('ho'))
        d.isHPO = 'True';
    if (t.includes('om'))
        d.onSiteMerging = 'True';
    d.nSent = ctx.nSent;
    Object.assign(d, rec.fieldOverrides);
    return d;
}
//# sourceMappingURL=describe.js.map