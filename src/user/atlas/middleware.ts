/**
 * The ATLAS middleware launcher (Pilot 3's create_middleware_container_command,
 * get_middleware_container_script, get_middleware_container in pilot/user/atlas/container.py):
 *
 * - container mode: `cd <workdir>; export X509_USER_PROXY=…; export ALRB_CONT_RUNPAYLOAD="source
 *   /srv/stagein.sh"; export ATLAS_LOCAL_ROOT_BASE=…; source …/atlasLocalSetup.sh -c el9 -e "<opts>"`
 *   with `stagein.sh` (or `stageout.sh`) doing `lsetup rucio davix xrootd` and starting our tool;
 * - bash mode: ALRB's setup (`atlasLocalSetup.sh --quiet`, no lsetup: the node's middleware) and
 *   the tool, in `stagein.sh` / `stageout.sh`, run by bash.
 *
 * Only when ALRB is there and [Container] setup_type is ALRB; otherwise undefined, and the pilot's
 * own runtime runs the image (middleware-launch.ts). The commands equal Pilot 3's (recorded in
 * test/data/fixtures/middleware-pilot3.json) except: the tool is our executable (bound read-only
 * through `-e "… -B …"`, with the work dir at its own path and the credential files), not Python
 * scripts copied into the work dir; PILOT_RUCIO_SITENAME is not exported as "None" when unset;
 * every path is shell-quoted.
 */
import type { Launch, LaunchRequest, ToolCommand, Bind } from '../../data/middleware-launch.js';
import { bindOption } from '../../data/middleware-launch.js';
import { existsSync } from 'node:fs';
import { errors } from '../../common/errors.js';
import { log } from '../../common/log.js';
import { join } from 'node:path';
import { shellWord } from '../generic.js';
import { containerOptions } from './container.js';
import { alrbExport } from './setup.js';

const logger = log('user.atlas.middleware');

/** get_middleware_container: the image ALRB is asked for (Pilot 3's fallbacks to el9). */
export function alrbMiddlewareImage(configured: string, noPath: string | undefined, env: NodeJS.ProcessEnv): string {
  let image = 'ALRB_CONT_UNPACKEDDIR' in env ? noPath ?? configured : configured;
  // a missing absolute path falls back to the default, as Pilot 3 does (logged by the caller)
  if (image.startsWith('/') && !existsSync(image)) image = 'el9';
  return image || 'el9';
}

/** The ALRB launch for the middleware, or undefined where ALRB is not used. */
export function alrbMiddlewareLaunch(req: LaunchRequest & { tool: ToolCommand; toolArgs: string[]; binds: Bind[] }): Launch | undefined {
  const env = req.env;
  const alrb = alrbExport(env);
  if ((req.settings.setupType ?? 'ALRB') !== 'ALRB' || !alrb) return undefined;
  const script = req.label === 'stage-in' ? 'stagein.sh' : 'stageout.sh';
  const site = env.PILOT_RUCIO_SITENAME ? `export PILOT_RUCIO_SITENAME=${shellWord(env.PILOT_RUCIO_SITENAME)}; ` : '';
  const tool = [...req.tool.argv, ...req.toolArgs].map(shellWord).join(' ');
  if (req.mode === 'bash') {
    // as Pilot 3's script mode: ALRB's setup only (the middleware is the node's), then the tool
    const content = `export ALRB_LOCAL_PY3=YES; ${alrb}source \${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh --quiet;${tool}\nexit $?`;
    return { argv: ['/bin/bash', join(req.workdir, script)], how: 'ALRB setup, no container', files: { [script]: content } };
  }
  const body = `export ALRB_LOCAL_PY3=YES; ${site}lsetup rucio davix xrootd; ${tool} \nexit $?`;
  const image = alrbMiddlewareImage(req.settings.image, req.settings.imageNoPath, env);
  if (image !== req.settings.image) logger.warn({ configured: req.settings.image, image }, 'middleware image for ALRB');
  // the -e options are double-quoted for ALRB: the work dir must not need escaping there
  if (/[,:\s"'$`\\]/.test(req.workdir)) throw errors.STAGEINFAILED(`cannot bind the work dir ${JSON.stringify(req.workdir)} into the middleware container (unsupported character)`);
  const binds = bindOption([{ path: req.workdir, ro: false }, ...req.binds]);
  const base = containerOptions(req.settings.containerOptions, env);
  const opts = base ? `${base.slice(0, -1)} ${binds}"` : `-e "${binds}"`;
  let cmd = `cd ${shellWord(req.workdir)};`;
  const x509 = env.X509_USER_PROXY;
  if (x509) cmd += `export X509_USER_PROXY=${shellWord(x509)};`;
  cmd += `export ALRB_CONT_RUNPAYLOAD="source /srv/${script}";`;
  if (env.ALRB_CONT_UNPACKEDDIR) cmd += `export ALRB_CONT_UNPACKEDDIR=${shellWord(env.ALRB_CONT_UNPACKEDDIR)};`;
  cmd += `${alrb}source \${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh -c ${shellWord(image)} ${opts}`;
  return { argv: ['/bin/bash', '-c', cmd], how: `ALRB setupATLAS -c ${image}`, files: { [script]: body } };
}
