/**
 * EIC (Electron-Ion Collider), Pilot 3's pilot/user/eic: the generic plugin, except that a job
 * with neither platform nor image takes its platform from ALRB_USER_PLATFORM ("el9#x86_64" →
 * "el9"), so it runs in that platform's container on a container queue.
 */
import type { ContainerSpec } from '../payload/containers.js';
import { GenericPlugin } from './generic.js';
import type { ContainerContext, PluginJob } from './plugin.js';

/** "el9#x86_64" → "el9" (Pilot 3's eic get_platform). */
export function alrbUserPlatform(value: string | undefined): string {
  return /(\w+)#/.exec((value ?? '').toLowerCase())?.[1] ?? '';
}

/** The eic user. */
export class EicPlugin extends GenericPlugin {
  override readonly name: string = 'eic';
  override resolveContainer(job: PluginJob, queuedata: never, ctx: ContainerContext = {}): ContainerSpec | undefined {
    const env = ctx.env ?? process.env;
    if (!job.platform && !job.imagename && env.ALRB_USER_PLATFORM) job.platform = alrbUserPlatform(env.ALRB_USER_PLATFORM);
    return super.resolveContainer(job, queuedata, ctx);
  }
}

/** The shared eic plugin instance. */
export const eic = new EicPlugin();
