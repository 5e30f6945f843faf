/**
 * Pilot 3's mapping of transfer-tool output to error codes (resolve_common_transfer_errors).
 * The first matching rule wins; a `Details:` line replaces the message; `service_unavailable`
 * forces 1316.
 */
import { ErrorCodes, PilotError } from '../common/errors.js';
const E = ErrorCodes;
const RULES = [
    [(s) => s.includes('timeout'), E.STAGEINTIMEOUT, E.STAGEOUTTIMEOUT, 'CP_TIMEOUT', 'copy command timed out: '],
    [(s) => s.includes('failed xrdadler32'), E.GETADMISMATCH, E.PUTADMISMATCH, 'AD_MISMATCH'],
    [(s) => s.includes('does not match the checksum') && s.includes('adler32'), E.GETADMISMATCH, E.PUTADMISMATCH, 'AD_MISMATCH'],
    [(s) => s.includes('does not match the checksum'), E.GETMD5MISMATCH, E.PUTMD5MISMATCH, 'MD5_MISMATCH'],
    [(s) => s.includes('globus_xio:'), E.GETGLOBUSSYSERR, E.PUTGLOBUSSYSERR, 'GLOBUS_FAIL', 'Globus system error: '],
    [(s) => s.includes('File exists') || s.includes('SRM_FILE_BUSY') || s.includes('file already exists'), E.FILEEXISTS, E.FILEEXISTS, 'FILE_EXISTS', 'File already exists in the destination: '],
    [(s) => s.includes('No such file or directory'), E.MISSINGINPUTFILE, -1, 'MISSING_INPUT'],
    [(s) => s.includes('query chksum is not supported') || s.includes('Unable to checksum'), E.CHKSUMNOTSUP, E.CHKSUMNOTSUP, 'CHKSUM_NOTSUP'],
    [(s) => s.includes('Could not establish context'), E.NOPROXY, E.NOPROXY, 'CONTEXT_FAIL', 'Could not establish context: Proxy / VO extension of proxy has probably expired: '],
    [(s) => s.includes('No space left on device'), E.NOLOCALSPACE, E.NOREMOTESPACE, 'NO_SPACE', 'No available space left on local disk: '],
    [(s) => s.includes('No such file or directory'), -1, E.NOSUCHFILE, 'NO_FILE'],
    [(s) => s.includes('service is not available at the moment'), E.SERVICENOTAVAILABLE, E.SERVICENOTAVAILABLE, 'SERVICE_ERROR'],
    [(s) => s.includes('Network is unreachable'), E.UNREACHABLENETWORK, E.UNREACHABLENETWORK, 'NETWORK_UNREACHABLE'],
    [(s) => s.includes('Run: [ERROR] Server responded with an error'), E.XRDCPERROR, E.XRDCPERROR, 'XRDCP_ERROR'],
    [(s) => s.includes('Unable to locate credentials'), E.MISSINGCREDENTIALS, E.MISSINGCREDENTIALS, 'S3_ERROR'],
];
/** Map a transfer tool's output to Pilot 3's code/state (stage-in or stage-out family). */
export function resolveCommonTransferErrors(output, isStagein) {
    const res = {
        rcode: isStagein ? E.STAGEINFAILED : E.STAGEOUTFAILED,
        state: 'COPY_ERROR',
        error: output,
    };
    for (const [test, inCode, outCode, state, prefix] of RULES) {
        const code = isStagein ? inCode : outCode;
        if (code < 0 || !test(output))
            continue;
        res.rcode = code;
        res.state = state;
        if (prefix)
            res.error = prefix + output;
        break;
    }
    for (const line of output.split('\n')) {
        const m = /[Dd]etails\s*:\s*(.*)/.exec(line);
        if (m)
            res.error = m[1];
        if (line.includes('service_unavailable')) {
            res.error = 'service_unavailable';
            res.rcode = E.RUCIOSERVICEUNAVAILABLE;
        }
    }
    return res;
}
/** A PilotError from tool output (with the trace state attached for the caller). */
export function transferError(output, isStagein) {
    const m = resolveCommonTransferErrors(output, isStagein);
    // tool output may echo signed URLs / authz tokens: keep URLs, drop their query strings
    const text = m.error.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?]*)\?\S*/gi, '$1').trim().slice(-2000);
    const err = new PilotError(m.rcode, text);
    err.state = m.state;
    return err;
}
//# sourceMappingURL=errormap.js.map