/**
 * Rubin (Vera C. Rubin Observatory on PanDA/DOMA), Pilot 3's pilot/user/rubin: the generic
 * plugin with its own transform hosts, no container for the payload (its wrapper returns the
 * command unchanged), no image check, and jobMetrics with only what Pilot 3's rubin sends
 * (cpuFrequency, which we do not measure, and extras): none. (Its update_job_data makes up no
 * output GUIDs; our stage-out gives every output one, whatever the experiment.)
 */
import type { ContainerSpec } from '../payload/containers.js';
import { GenericPlugin } from './generic.js';
import type { PluginJob } from './plugin.js';

/** The rubin user. */
export class RubinPlugin extends GenericPlugin {
  override readonly name: string = 'rubin';
  override readonly defaultTrfBaseUrls: readonly string[] = ['storage.googleapis.com/drp-us-central1-containers', 'pandaserver-doma.cern.ch', 'pandaserver.cern.ch'];
  override validate(_job: PluginJob): void {}
  override resolveContainer(): ContainerSpec | undefined {
    return undefined;
  }
  override async jobMetrics(): Promise<string> {
    return '';
  }
}

/** The shared rubin plugin instance. */
export const rubin = new RubinPlugin();
