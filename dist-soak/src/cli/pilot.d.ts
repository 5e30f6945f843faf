export { pilotSetup } from './setup.js';
