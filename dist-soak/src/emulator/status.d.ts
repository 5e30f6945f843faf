import type { EmulatorStore } from './store.js';
/** Render the status page for the store's current content. */
export declare function renderStatusPage(store: EmulatorStore, url: string): string;
