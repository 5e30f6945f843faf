/**
 * SKA (Square Kilometre Array), Pilot 3's pilot/user/ska: a copy of the generic user with nothing
 * changed, so the generic plugin under its own name.
 */
import { GenericPlugin } from './generic.js';

/** The ska user. */
export class SkaPlugin extends GenericPlugin {
  override readonly name: string = 'ska';
}

/** The shared ska plugin instance. */
export const ska = new SkaPlugin();
