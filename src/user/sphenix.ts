/**
 * sPHENIX, Pilot 3's pilot/user/sphenix: the generic plugin, but the payload never runs in a
 * container (its wrapper returns the command unchanged) and the mv copytool moves files to and
 * from their final destination (mv_to_final_destination is true).
 */
import type { ContainerSpec } from '../payload/containers.js';
import { GenericPlugin } from './generic.js';

/** The sphenix user. */
export class SphenixPlugin extends GenericPlugin {
  override readonly name: string = 'sphenix';
  override readonly mvFinalDestination: boolean = true;
  override resolveContainer(): ContainerSpec | undefined {
    return undefined;
  }
}

/** The shared sphenix plugin instance. */
export const sphenix = new SphenixPlugin();
