/**
 * Cleaning of the job parameters (jobPars), Pilot 3's JobData.clean__jobparams: pulls out the
 * options that are meant for the pilot, not for the payload.
 *
 * - `--overwriteQueuedata={...}` (Pilot 1 spelling) is removed;
 * - `--overwriteQueueData <dict>` / `--overwriteStorageData <dict>` are extracted (Python literals)
 *   and removed; we also accept the `--opt=<dict>` spelling, which Pilot 3's parser misses;
 * - `<ZIP_MAP>...</ZIP_MAP>` is extracted and removed;
 * - `--containerImage[=| ]<image>` is extracted and removed (it overrides container_name).
 *
 * Deviation: Pilot 3 re-serialises the whole string with shlex.quote whenever it contains any
 * option, which turns `"...$VAR..."` into `'...$VAR...'` and stops the shell from expanding it
 * (the reason for ATLAS's --athenaopts pre-filter). We cut the pilot options out of the original
 * text and leave every other byte of the payload's arguments as the server sent them.
 */
import { log } from '../common/log.js';
import { parsePythonLiteral } from './pyliteral.js';
const logger = log('info');
/**
 * Split like Python's shlex.split (POSIX mode) but keep each token's span; undefined on an
 * unbalanced quote (Pilot 3 then leaves the parameters untouched, and so do we).
 */
export function tokenize(s) {
    const out = [];
    let i = 0;
    while (i < s.length) {
        while (i < s.length && /\s/.test(s[i]))
            i++;
        if (i >= s.length)
            break;
        const start = i;
        let value = '';
        while (i < s.length && !/\s/.test(s[i])) {
            const c = s[i];
            if (c === "'") {
                const j = s.indexOf("'", i + 1);
                if (j < 0)
                    return undefined;
                value += s.slice(i + 1, j);
                i = j + 1;
            }
            else if (c === '"') {
                i++;
                for (;;) {
                    if (i >= s.length)
                        return undefined;
                    const d = s[i];
                    if (d === '"') {
                        i++;
                        break;
                    }
                    if (d === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1])) {
                        value += s[i + 1];
                        i += 2;
                        continue;
                    }
                    value += d;
                    i++;
                }
            }
            else if (c === '\\') {
                if (i + 1 >= s.length)
                    return undefined;
                value += s[i + 1];
                i += 2;
            }
            else {
                value += c;
                i++;
            }
        }
        out.push({ value, start, end: i });
    }
    return out;
}
/** Remove [start, end) from s, leaving single spacing around the cut. */
function cut(s, start, end) {
    const left = s.slice(0, start).replace(/\s+$/, '');
    const right = s.slice(end);
    if (!left)
        return right.replace(/^\s+/, '');
    return left + (right && !/^\s/.test(right) ? ' ' : '') + right;
}
const OVERWRITE_OPTS = ['--overwriteQueueData', '--overwriteStorageData'];
function literalDict(text, opt) {
    if (!text)
        return {};
    try {
        const v = parsePythonLiteral(text);
        if (v && typeof v === 'object' && !Array.isArray(v))
            return v;
        logger.warn({ opt }, 'job parameter value is not a dict: ignored');
    }
    catch (e) {
        // Pilot 3 logs the failed cast and goes on without the override: so do we.
        logger.warn({ opt, err: e.message }, 'could not parse job parameter value: ignored');
    }
    return {};
}
/** Extract and remove the pilot's own options from jobPars (see the module comment). */
export function cleanJobParams(value) {
    const res = { jobparams: value, overwrite_queuedata: {}, overwrite_storagedata: {}, zipmap: '', imagename: '' };
    let ret = value.replace(/ ?--overwriteQueuedata=\{.*?\}/g, '');
    // --overwriteQueueData / --overwriteStorageData, last occurrence wins (a dict in Pilot 3).
    for (;;) {
        const toks = tokenize(ret);
        if (!toks)
            break;
        const idx = toks.findIndex((t) => OVERWRITE_OPTS.some((o) => t.value === o || t.value.startsWith(`${o}=`)));
        if (idx < 0)
            break;
        const t = toks[idx];
        const eq = t.value.indexOf('=');
        const opt = eq >= 0 ? t.value.slice(0, eq) : t.value;
        let text;
        let end = t.end;
        if (eq >= 0)
            text = t.value.slice(eq + 1);
        else if (toks[idx + 1] && !toks[idx + 1].value.startsWith('-')) {
            text = toks[idx + 1].value;
            end = toks[idx + 1].end;
        }
        const dict = literalDict(text, opt);
        if (opt === '--overwriteQueueData')
            res.overwrite_queuedata = dict;
        else
            res.overwrite_storagedata = dict;
        ret = cut(ret, t.start, end);
    }
    const zip = / '?<ZIP_MAP>(.+)<\/ZIP_MAP>'?/;
    const zm = zip.exec(ret);
    if (zm) {
        res.zipmap = zm[1];
        ret = ret.replace(new RegExp(zip.source, 'g'), '');
    }
    // Same two patterns as Pilot 3: one to find the option, one to read the image name.
    const optPattern = / --containerImage=?\s?\S+/g;
    if (optPattern.test(ret)) {
        const im = / '?--containerImage=? ?(\S+) ?'?/.exec(ret);
        if (im && im[1])
            res.imagename = im[1];
        ret = ret.replace(optPattern, '');
    }
    res.jobparams = ret;
    return res;
}
//# sourceMappingURL=jobparams.js.map