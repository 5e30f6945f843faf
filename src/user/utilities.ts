/**
 * Pre-, co- and post-processing steps of a job (Pilot 3's get_utility_commands with the job's
 * `preprocess`, `coprocess` and `postprocess` dicts, `{command, args}`): a command given as a URL
 * is downloaded like a transform; each step runs after the payload's setup (Pilot 3's
 * extract_setup: the payload command up to the transform). The job runner runs the preprocess
 * before the payload (failure: PREPROCESSFAILURE, except the HPO "no more points" codes 160-162),
 * the coprocess alongside it and the postprocess after a successful payload (POSTPROCESSFAILURE).
 */
import { getAnalysisTrf, type TrfDownloadOptions } from './trf.js';

/** Shell commands of the steps a job asks for (none: no entry). */
export interface UtilityCommands {
  preprocess?: string;
  coprocess?: string;
  postprocess?: string;
}

/** Exit codes of an HPO preprocess that end the loop without failing the job. */
export const PREPROCESS_DONE_CODES: readonly number[] = [160, 161, 162];

/** Pilot 3's extract_setup: everything in the payload command before the transform. */
export function extractSetup(cmd: string, transformation: string): string {
  const name = transformation.includes('/') ? transformation.slice(transformation.lastIndexOf('/') + 1) : transformation;
  const cut = (s: string) => cmd.slice(0, cmd.indexOf(s));
  if (cmd.includes(`./${name}`)) return cut(`./${name}`);
  if (name && cmd.includes(name)) return cut(name);
  let c = cmd.trim();
  if (c.endsWith(';')) c = c.slice(0, -1);
  const last = c.split(';').at(-1)!.trim();
  return last ? c.split(last).join('') : c;
}

/** The job fields read here. */
export interface UtilityJob {
  transformation: string;
  workdir: string;
  preprocess?: Record<string, unknown>;
  coprocess?: Record<string, unknown>;
  postprocess?: Record<string, unknown>;
}

/** The steps' commands (setup prepended), downloading URL commands into the work dir. */
export async function utilityCommands(job: UtilityJob, payloadCommand: string, download: TrfDownloadOptions): Promise<UtilityCommands> {
  const setup = extractSetup(payloadCommand, job.transformation);
  const out: UtilityCommands = {};
  for (const label of ['preprocess', 'coprocess', 'postprocess'] as const) {
    const step = job[label];
    let command = typeof step?.command === 'string' ? step.command : '';
    if (!command) continue;
    if (command.startsWith('http')) command = `./${await getAnalysisTrf(command, job.workdir, download)}`;
    const args = step?.args === undefined || step.args === null ? '' : String(step.args);
    out[label] = `${setup}${command} ${args}`;
  }
  return out;
}
