/**
 * The event-service message protocol between pilot and payload (Pilot 3's ESProcess), apart
 * from any transport: the payload says `Ready for events`, the pilot answers with one range as a
 * JSON list or `No more events`; the payload reports each range as
 * `<output>,ID:<id>,CPU:<cpu>,WALL:<wall>` or `ERR_<CODE> <id>: <diagnostic>`. Also how the
 * channel name gets into the payload's command line (Pilot 3's init_yampl_socket).
 */

/** What the payload asks with. */
export const READY_FOR_EVENTS = 'Ready for events';
/** What the pilot answers when no range is left (also sent on stop). */
export const NO_MORE_EVENTS = 'No more events';

/** A parsed range report from the payload. */
export type OutMessage =
  | { status: 'finished'; id: string; output: string; cpu?: string; wall?: string; [key: string]: string | undefined }
  | { status: 'failed' | 'fatal'; id: string; message: string; code: string };

/** A message that cannot be parsed (Pilot 3 raises UnknownException for these). */
export class MessageParseError extends Error {}

const ERR = /^(ERR_[A-Z_]+) ([0-9A-Za-z._-]+): ?([\s\S]+)$/;
const ERR_PARSE = /^(ERR_[A-Z_]+) ([\s\S]+): ?([\s\S]+)$/;
const PARSE_ID = /eventRangeID'?"?: ?.?['"]([0-9A-Za-z._-]+)/;

/**
 * Parse a report as Pilot 3 does. An `ERR_` code containing `FATAL` marks the range `fatal`
 * (never retried by the server) — our addition: Pilot 3 reports every ERR_ as `failed`.
 */
export function parseOutMessage(message: string): OutMessage {
  if (message.startsWith('ERR')) {
    if (message.includes('ERR_ATHENAMP_PARSE')) {
      const m = ERR_PARSE.exec(message);
      const id = m ? PARSE_ID.exec(m[2])?.[1] : undefined;
      if (!m || !id) throw new MessageParseError(`Failed to parse ${message}`);
      return { status: 'failed', id, message, code: m[1] };
    }
    const m = ERR.exec(message);
    if (!m) throw new MessageParseError(`Failed to parse ${message}`);
    return { status: m[1].includes('FATAL') ? 'fatal' : 'failed', id: m[2], message, code: m[1] };
  }
  const parts = message.split(',');
  const out: Record<string, string> = { output: parts[0] };
  for (const part of parts.slice(1)) {
    const kv = part.split(':');
    if (kv.length !== 2) throw new MessageParseError(`Failed to parse ${message}: bad field ${JSON.stringify(part)}`);
    out[kv[0].toLowerCase()] = kv[1];
  }
  if (!out.id) throw new MessageParseError(`Failed to parse ${message}: no ID`);
  return { ...out, status: 'finished', id: out.id, output: out.output };
}

/** The pilot's answer carrying one range (a non-list is wrapped, as Pilot 3 does). */
export function rangeMessage(range: unknown): string {
  return JSON.stringify(Array.isArray(range) ? range : [range]);
}

const ATHENAOPTS = /--athenaopts='([\w="' -]+)'/g;

/**
 * Put the channel name into the payload command exactly as Pilot 3's init_yampl_socket does:
 * `PILOT_EVENTRANGECHANNEL` in the command → an export in front; CA+MT jobs → `--mtes
 * --mtes-channel` inside `--athenaopts`; otherwise a `--preExec` with the ConfigFlags (CA) or
 * AthenaMPFlags (legacy) setting, merged into an existing jobproperties preExec when there is one.
 */
export function injectChannel(command: string, socket: string): { command: string; warnings: string[] } {
  const warnings: string[] = [];
  let exe = command;
  const isCa = exe.includes('--CA');
  const isMt = exe.toLowerCase().includes('--multithreaded=true');
  let snippet: string;
  if (isCa) snippet = isMt ? ` --mtes --mtes-channel="${socket}" ` : ` --preExec 'ConfigFlags.MP.EventRangeChannel="${socket}"' `;
  else {
    snippet = ` --preExec 'from AthenaMP.AthenaMPFlags import jobproperties as jps;jps.AthenaMPFlags.EventRangeChannel="${socket}"' `;
    if (isMt) warnings.push('event service is not supported in MT job without CA');
  }
  const trimSemicolon = (s: string) => {
    const t = s.trim();
    return t.endsWith(';') ? t.slice(0, -1) : t;
  };
  if (exe.includes('PILOT_EVENTRANGECHANNEL')) exe = `export PILOT_EVENTRANGECHANNEL="${socket}"; ${exe}`;
  else if (isMt && isCa) {
    if (exe.includes('--athenaopts')) exe = exe.replace(ATHENAOPTS, (_m, inner: string) => `--athenaopts='${inner} ${snippet}'`);
    else exe = `${trimSemicolon(exe)} --athenaopts='${snippet}' `;
  } else if (!exe.includes('--preExec')) exe = trimSemicolon(exe) + snippet;

  if (exe.includes('import jobproperties as jps')) {
    exe = exe.replaceAll('import jobproperties as jps;', `import jobproperties as jps;jps.AthenaMPFlags.EventRangeChannel="${socket}";`);
    if (isCa) warnings.push('Found jobproperties config in CA job');
  } else if (exe.includes('--preExec ')) exe = exe.replaceAll('--preExec ', snippet);
  else warnings.push(`--preExec has an unknown format - expected '--preExec "' or "--preExec '", got: ${exe}`);
  return { command: exe, warnings };
}

/** The channel name a payload finds on its command line or in its environment (reference payload). */
export function channelFromArgs(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  const text = argv.join(' ');
  const m = /EventRangeChannel="([^"]+)"/.exec(text) ?? /--mtes-channel="?([^"\s]+)"?/.exec(text);
  return m?.[1] ?? env.PILOT_EVENTRANGECHANNEL;
}
