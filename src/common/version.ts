/** The Pilot 3 release whose protocol we speak, as reported in pilotID and trace reports. */
export const PILOT_VERSION = '3.11.5.1';
