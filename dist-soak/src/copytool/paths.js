/**
 * Path rules shared by all copytools: Rucio's deterministic layout and input validation.
 *
 * Every LFN and scope that comes from a job or a user is checked here before it becomes part of
 * a path or URL, so nothing is ever written outside the work or destination directory.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { errors } from '../common/errors.js';
// Shell metacharacters and control characters never belong in an LFN or scope. We never use a
// shell, but an LFN also ends up in URLs, in other tools' command lines and in the log tarball.
const BAD_CHARS = /[\x00-\x1f\x7f`$;&|<>(){}\\'"*?![\]\s]/;
/**
 * Validate an LFN: a plain file name (no '/', not '.' or '..', no shell metacharacters).
 * @param code which failure to raise (stage-in or stage-out family).
 */
export function checkLfn(lfn, fail = errors.STAGEINFAILED) {
    if (typeof lfn !== 'string' || lfn.length === 0)
        throw fail('empty lfn');
    if (lfn.length > 255)
        throw fail(`lfn too long (${lfn.length} characters)`);
    if (lfn.includes('/') || lfn === '.' || lfn === '..')
        throw fail(`invalid lfn (path components are not allowed): ${JSON.stringify(lfn)}`);
    if (BAD_CHARS.test(lfn))
        throw fail(`invalid lfn (forbidden character): ${JSON.stringify(lfn)}`);
}
/** Validate a Rucio scope: dotted names, optionally 'user.x' style; no path tricks. */
export function checkScope(scope, fail = errors.STAGEINFAILED) {
    if (typeof scope !== 'string')
        throw fail('invalid scope');
    if (scope === '')
        return; // allowed: some workflows carry no scope (mv, local files)
    if (scope.includes('/') || scope.includes('..') || scope.startsWith('.') || BAD_CHARS.test(scope)) {
        throw fail(`invalid scope: ${JSON.stringify(scope)}`);
    }
}
/**
 * Rucio's deterministic path: `<scope split on '.'>/<md5[0:2]>/<md5[2:4]>/<lfn>`, where md5 is
 * over "scope:lfn"; empty parts dropped (Pilot 3's get_path).
 */
export function rucioPath(scope, lfn) {
    const h = createHash('md5').update(`${scope}:${lfn}`, 'utf8').digest('hex');
    return [...scope.split('.'), h.slice(0, 2), h.slice(2, 4), lfn].filter((p) => p).join('/');
}
/**
 * `dir/name` after checking the result stays inside `dir` (defence in depth on top of checkLfn).
 */
export function safeJoin(dir, name, fail = errors.STAGEINFAILED) {
    if (isAbsolute(name))
        throw fail(`absolute path not allowed: ${name}`);
    const base = resolve(dir);
    const full = resolve(base, name);
    if (full !== base && !full.startsWith(base + sep))
        throw fail(`path escapes ${base}: ${name}`);
    return join(base, name);
}
/** Transfer timeout in seconds for a file: min(400 + size/1e6 + add, 10800) (Pilot 3's get_timeout). */
export function transferTimeout(filesize, add = 0) {
    return Math.min(400 + Math.floor((filesize ?? 0) / 1e6) + add, 10800);
}
/** URL scheme ('root', 'davs', ...) or '' for a plain path. */
export function urlScheme(url) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url);
    return m ? m[1].toLowerCase() : '';
}
/**
 * A URL fit for logs and error messages: query string (signed URLs, `authz=` tokens) and
 * user:password dropped.
 */
export function redactUrl(url) {
    if (!url)
        return '';
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1').replace(/[?#].*$/, '');
}
//# sourceMappingURL=paths.js.map