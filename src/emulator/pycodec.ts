/**
 * Python's call-signature errors as panda-server raises them. The texts of its answers
 * (`urlencode(dict)`, `json.dumps(dict)`, the `repr` of a list getResourceTypes ships) come from
 * the pilot's own owner of Python literals, src/common/pyliteral.ts.
 */

/**
 * Python's TypeError text for a call with a bad keyword set, e.g.
 * `updateJob() missing 1 required positional argument: 'state'`; undefined when the call is fine.
 */
export function signatureError(fn: string, required: readonly string[], optional: readonly string[], given: readonly string[]): string | undefined {
  const known = new Set([...required, ...optional]);
  const unexpected = given.find((k) => !known.has(k));
  if (unexpected !== undefined) return `${fn}() got an unexpected keyword argument '${unexpected}'`;
  const missing = required.filter((k) => !given.includes(k));
  if (missing.length === 0) return undefined;
  const names = missing.map((m) => `'${m}'`);
  const list = names.length === 1 ? names[0] : names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
  return `${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`;
}
