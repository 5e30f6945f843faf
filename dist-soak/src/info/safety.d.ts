/**
 * Path safety for names that become file paths or reach copytool command lines: LFNs and scopes.
 *
 * Pilot 3 joins `workdir + lfn` without checking; a job description with `../../x` or `/etc/x`
 * would read or write outside the job's work directory, and a name with `;` or `$(...)` is
 * dangerous wherever a copytool builds a shell command. We reject such names up front.
 */
/**
 * Why a name is unsafe as a relative path component list, or undefined when it is fine.
 * Allowed: non-empty relative paths without `.`/`..` segments, without shell metacharacters,
 * not starting with `-` (would read as an option) or `~` (home expansion).
 */
export declare function unsafePathReason(name: string, what?: string, allowSlash?: boolean): string | undefined;
/** True when `name` is safe to join below a work directory (see {@link unsafePathReason}). */
export declare function isSafeRelativeName(name: string): boolean;
