/** Per-file trace fields every tracing copytool fills (Pilot 3's copytools set the same keys). */
import { ErrorCodes } from '../common/errors.js';
import { now } from '../common/timing.js';
import { urlScheme } from './paths.js';
/** Record the start of one file's transfer in the trace. */
export function traceStart(ctx, f, url) {
    ctx.trace?.update({
        filename: f.lfn,
        guid: (f.guid ?? '').replace(/-/g, ''),
        scope: f.scope,
        dataset: f.dataset ?? '',
        filesize: f.filesize ?? 0,
        remoteSite: f.ddmendpoint ?? '',
        url,
        protocol: urlScheme(url) || 'file',
        transferStart: now(),
        clientState: 'INIT_REPORT',
        stateReason: null,
    });
}
/** Trace clientState for a failure code when the tool gave none (Pilot 3's error-map states). */
export function stateForCode(code) {
    switch (code) {
        case ErrorCodes.GETADMISMATCH:
        case ErrorCodes.PUTADMISMATCH:
            return 'AD_MISMATCH';
        case ErrorCodes.GETMD5MISMATCH:
        case ErrorCodes.PUTMD5MISMATCH:
            return 'MD5_MISMATCH';
        case ErrorCodes.STAGEINTIMEOUT:
        case ErrorCodes.STAGEOUTTIMEOUT:
            return 'CP_TIMEOUT';
        case ErrorCodes.NOLOCALSPACE:
        case ErrorCodes.NOREMOTESPACE:
            return 'NO_SPACE';
        case ErrorCodes.MISSINGINPUTFILE:
            return 'MISSING_INPUT';
        default:
            return undefined;
    }
}
/** Record the outcome and send the trace (a failed trace never fails the transfer). */
export function traceDone(ctx, ok, isStagein, reason, state, code) {
    if (!ctx.trace)
        return;
    ctx.trace.update({
        clientState: ok ? 'DONE' : state ?? stateForCode(code) ?? (isStagein ? 'STAGEIN_ATTEMPT_FAILED' : 'STAGEOUT_ATTEMPT_FAILED'),
        stateReason: ok ? 'OK' : reason ?? '',
        timeEnd: now(),
    });
    ctx.trace.send();
}
//# sourceMappingURL=tracefields.js.map