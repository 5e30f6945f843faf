/**
 * The pilot-managed XCache of an ATLAS job (Pilot 3's xcache_activation_command,
 * xcache_proxy, xcache_deactivation_command in pilot/user/atlas/common.py), used only when the
 * queue's catchall contains "pilotXcache":
 *
 * - before stage-in (UTILITY_BEFORE_STAGEIN), in the pilot's home as Pilot 3 runs it:
 *   `<ALRB setup> lsetup xcache; xcache list; xcache start -d $PWD/<PandaID>/xcache -C centos7
 *   --disklow 4g --diskhigh 5g -b 4`; its stdout gives ALRB_XCACHE_PROXY (and _REMOTE), the
 *   daemon's ALRB_XCACHE_MYPROCESS, ALRB_XCACHE_FILES and the messages log (ALRB_XCACHE_LOG).
 *   Stage-in then prefixes LAN direct-access TURLs with `${ALRB_XCACHE_PROXY}`; the payload gets
 *   the variables. Output goes to xcache_start_stdout.txt / _stderr.txt in the work dir.
 * - after the payload (UTILITY_AFTER_PAYLOAD_FINISHED): the messages log is copied to
 *   `xcache-messages.log` in the work dir, then `lsetup xcache; xcache kill -p
 *   $ALRB_XCACHE_MYPROCESS` runs in the work dir. Failures never fail the job (ignore_failure).
 *
 * Unlike Pilot 3, the variables belong to the job (Pilot 3 sets them in its own environment,
 * where they outlive the cache into the next job), and a cache started for a job whose payload
 * never ran is stopped too (Pilot 3 leaves it running).
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from '../../common/log.js';
import { runTool } from '../../copytool/exec.js';
import { alrbExport } from './setup.js';

const logger = log('user.atlas.xcache');

/** The queue asks the pilot to run an XCache for its jobs. */
export function wantsXcache(queue: { catchall?: string | null } | undefined): boolean {
  return (queue?.catchall ?? '').includes('pilotXcache');
}

/** Pilot 3's get_asetup(asetup=False): ALRB export and atlasLocalSetup.sh, or nothing. */
function alrbSetup(env: NodeJS.ProcessEnv): string {
  const alrb = alrbExport(env);
  return alrb ? `${alrb}source \${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh --quiet;` : '';
}

/** The activation command (Pilot 3's xcache_activation_command). */
export function xcacheStartCommand(jobid: string | number, env: NodeJS.ProcessEnv): string {
  return `${alrbSetup(env)} lsetup xcache; xcache list; xcache start -d $PWD/${jobid}/xcache -C centos7 --disklow 4g --diskhigh 5g -b 4 `; // Pilot 3 runs f"{command} {args}" with args ""
}

/** The deactivation command with its args (Pilot 3's xcache_deactivation_command). */
export function xcacheKillCommand(env: NodeJS.ProcessEnv): string {
  return `${alrbSetup(env)} lsetup xcache; xcache kill -p $ALRB_XCACHE_MYPROCESS`;
}

/**
 * The variables `xcache start` announces on its stdout (Pilot 3's xcache_proxy): lines
 * ` export ALRB_XCACHE_PROXY="..."`, ` export ALRB_XCACHE_PROXY_REMOTE="..."`,
 * ` ALRB_XCACHE_MYPROCESS=...`, ` ALRB_XCACHE_FILES=...` and
 * `xcache started successfully.  Messages logged in <file>` (→ ALRB_XCACHE_LOG).
 */
export function parseXcacheOutput(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (name: string, line: string, re: RegExp) => {
    const m = re.exec(line);
    if (m?.[1]) out[name] = m[1];
  };
  for (const line of stdout.split('\n')) {
    if (line.includes('ALRB_XCACHE_PROXY')) {
      const suffix = line.includes('REMOTE') ? '_REMOTE' : '';
      take(`ALRB_XCACHE_PROXY${suffix}`, line, new RegExp(` export ALRB_XCACHE_PROXY${suffix}="(.+)"`));
    } else if (line.includes('ALRB_XCACHE_MYPROCESS')) {
      take('ALRB_XCACHE_MYPROCESS', line, / ALRB_XCACHE_MYPROCESS=(.+)/);
    } else if (line.includes('Messages logged in')) {
      // Pilot 3's pattern has an unescaped "." after "successfully" (any character)
      take('ALRB_XCACHE_LOG', line, /xcache started successfully. {2}Messages logged in (.+)/);
    } else if (line.includes('ALRB_XCACHE_FILES')) {
      take('ALRB_XCACHE_FILES', line, / ALRB_XCACHE_FILES=(.+)/);
    }
  }
  return out;
}

/** Seconds a start or kill may take before it is abandoned (Pilot 3 waits without limit). */
const XCACHE_TIMEOUT_S = 600;

/** Start the job's XCache; returns the variables it announced ({} when not wanted or failed). */
export async function startXcache(job: { jobid: string | number; workdir: string }, queue: { catchall?: string | null } | undefined,
  ctx: { env: NodeJS.ProcessEnv; pilotHome: string; signal?: AbortSignal }): Promise<Record<string, string>> {
  if (!wantsXcache(queue)) return {};
  const command = xcacheStartCommand(job.jobid, ctx.env);
  logger.info({ jobid: job.jobid, command }, 'starting xcache (before stage-in)');
  let res: Awaited<ReturnType<typeof runTool>>;
  try {
    res = await runTool(['/bin/bash', '-c', command], { cwd: ctx.pilotHome, env: ctx.env, timeoutS: XCACHE_TIMEOUT_S, signal: ctx.signal });
  } catch (e) {
    logger.warn({ err: String(e) }, 'xcache start aborted');
    return {};
  }
  await writeFile(join(job.workdir, 'xcache_start_stdout.txt'), res.stdout).catch(() => undefined);
  await writeFile(join(job.workdir, 'xcache_start_stderr.txt'), res.stderr).catch(() => undefined);
  const vars = parseXcacheOutput(res.stdout);
  if (!vars.ALRB_XCACHE_PROXY) logger.warn({ exitCode: res.exitCode, stderr: res.stderr.slice(-300) }, 'xcache start announced no proxy');
  else logger.info({ proxy: vars.ALRB_XCACHE_PROXY, pid: vars.ALRB_XCACHE_MYPROCESS }, 'xcache started');
  if (vars.ALRB_XCACHE_FILES) {
    const settings = await readFile(join(vars.ALRB_XCACHE_FILES, 'settings.sh'), 'utf8').catch(() => '');
    logger.debug({ settings }, 'xcache settings.sh');
  }
  return vars;
}

/** Copy the messages log to the work dir and stop the cache (never throws). */
export async function stopXcache(job: { jobid: string | number; workdir: string }, queue: { catchall?: string | null } | undefined,
  ctx: { env: NodeJS.ProcessEnv }): Promise<void> {
  if (!wantsXcache(queue)) return;
  const messages = ctx.env.ALRB_XCACHE_LOG;
  if (messages) {
    await copyFile(messages, join(job.workdir, 'xcache-messages.log'))
      .then(() => logger.debug({ messages }, 'xcache messages log copied to the work dir'))
      .catch((e: unknown) => logger.warn({ err: String(e) }, 'cannot copy the xcache messages log'));
  } else logger.warn('ALRB_XCACHE_LOG is not set');
  const command = xcacheKillCommand(ctx.env);
  logger.info({ jobid: job.jobid, command }, 'stopping xcache (after the payload)');
  try {
    const res = await runTool(['/bin/bash', '-c', command], { cwd: job.workdir, env: ctx.env, timeoutS: XCACHE_TIMEOUT_S });
    await writeFile(join(job.workdir, 'xcache_kill_stdout.txt'), res.stdout).catch(() => undefined);
    await writeFile(join(job.workdir, 'xcache_kill_stderr.txt'), res.stderr).catch(() => undefined);
    if (res.exitCode !== 0) logger.warn({ exitCode: res.exitCode }, 'xcache kill failed (ignored)');
  } catch (e) {
    logger.warn({ err: String(e) }, 'xcache kill failed (ignored)');
  }
}
