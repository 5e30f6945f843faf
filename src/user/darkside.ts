/**
 * DarkSide, Pilot 3's pilot/user/darkside: the generic plugin with its own transform hosts and an
 * empty jobMetrics (its get_job_metrics returns "" where the generic one raises). Pilot 3's list
 * lacks a comma and glues two hosts into one name; we list the three hosts it meant.
 */
import { GenericPlugin } from './generic.js';

/** The darkside user. */
export class DarksidePlugin extends GenericPlugin {
  override readonly name: string = 'darkside';
  override readonly defaultTrfBaseUrls: readonly string[] = ['pandaserver.cern.ch', 'pandaserver-doma.cern.ch', 'pandaserver-tb.cern.ch'];
  override async jobMetrics(): Promise<string> {
    return '';
  }
}

/** The shared darkside plugin instance. */
export const darkside = new DarksidePlugin();
