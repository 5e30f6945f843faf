import { type PilotSetup } from '../job/steps.js';
/** Build the pilot's setup from parsed options, configuration and environment. */
export declare function pilotSetup(argv: string[], env?: NodeJS.ProcessEnv): Promise<PilotSetup>;
