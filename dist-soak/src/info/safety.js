/**
 * Path safety for names that become file paths or reach copytool command lines: LFNs and scopes.
 *
 * Pilot 3 joins `workdir + lfn` without checking; a job description with `../../x` or `/etc/x`
 * would read or write outside the job's work directory, and a name with `;` or `$(...)` is
 * dangerous wherever a copytool builds a shell command. We reject such names up front.
 */
/** Characters that mean something to a shell (or terminate strings in C) and never occur in real LFNs. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\x00-\x1f\x7f`$;&|<>(){}\\'"!*?[\]\s]/;
/**
 * Why a name is unsafe as a relative path component list, or undefined when it is fine.
 * Allowed: non-empty relative paths without `.`/`..` segments, without shell metacharacters,
 * not starting with `-` (would read as an option) or `~` (home expansion).
 */
export function unsafePathReason(name, what = 'name', allowSlash = true) {
    if (name.includes('\0'))
        return `${what} contains a NUL byte`;
    const bad = UNSAFE_CHARS.exec(name);
    if (bad)
        return `${what} ${JSON.stringify(name)} contains a forbidden character ${JSON.stringify(bad[0])}`;
    if (name.startsWith('/'))
        return `${what} ${JSON.stringify(name)} is an absolute path`;
    if (name.startsWith('-'))
        return `${what} ${JSON.stringify(name)} starts with '-'`;
    if (name.startsWith('~'))
        return `${what} ${JSON.stringify(name)} starts with '~'`;
    if (!allowSlash && name.includes('/'))
        return `${what} ${JSON.stringify(name)} contains '/'`;
    const parts = name.split('/');
    if (parts.some((p) => p === '..' || p === '.'))
        return `${what} ${JSON.stringify(name)} contains a '.' or '..' path segment`;
    if (parts.some((p) => p === ''))
        return `${what} ${JSON.stringify(name)} contains an empty path segment`;
    return undefined;
}
/** True when `name` is safe to join below a work directory (see {@link unsafePathReason}). */
export function isSafeRelativeName(name) {
    return unsafePathReason(name) === undefined;
}
//# sourceMappingURL=safety.js.map