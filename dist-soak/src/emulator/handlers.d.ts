import type { Params } from './request.js';
import type { EmulatorStore } from './store.js';
/** What a handler answers: a StatusCode dict (encoded per Accept unless forced) or plain text. */
export type HandlerResult = {
    type: 'dict';
    data: Record<string, unknown>;
    encoding?: 'json' | 'urlencoded';
} | {
    type: 'text';
    body: string;
};
/** Handler failure the real server turns into HTTP 500 with the exception text. */
export declare class HandlerError extends Error {
}
/** Context of one call. */
export interface HandlerContext {
    store: EmulatorStore;
    acceptJson: boolean;
    /** 'json' for gzip-JSON bodies, 'form' otherwise. */
    encoding: 'json' | 'form';
    /** Base URL of this emulator (for trf URLs). */
    baseUrl: string;
    /** Server-side secrets and credentials (getProxy, getKeyPair, get_access_token). */
    credentials: {
        proxy?: string;
        accessToken?: string;
        keyPairs?: Record<string, string>;
    };
    /** The pilot secrets (added to getJob answers and to debug-mode updateJob answers). */
    pilotSecrets?: string;
    /** Simulate a caller without production/pilot role (VOMS FQAN checks fail). */
    noRole?: boolean;
}
type Handler = (p: Params, ctx: HandlerContext) => HandlerResult;
interface MethodDef {
    required: string[];
    optional: string[];
    run: Handler;
}
/** Python's int() on a parameter value (JSON number or string), HandlerError when invalid. */
export declare function pyInt(v: unknown): number;
/** Toggle debug mode (special handling `dm`) as the server's setDebugMode does; returns its sentence. */
export declare function setDebug(store: EmulatorStore, pandaID: number, modeOn: boolean, shown?: string): string;
/** ATLAS resource types as the server's table holds them. */
export declare const RESOURCE_TYPES: ({
    resource_name: string;
    mincore: number;
    maxcore: number;
    minrampercore: null;
    maxrampercore: number;
} | {
    resource_name: string;
    mincore: number;
    maxcore: number;
    minrampercore: number;
    maxrampercore: null;
} | {
    resource_name: string;
    mincore: number;
    maxcore: null;
    minrampercore: null;
    maxrampercore: number;
} | {
    resource_name: string;
    mincore: number;
    maxcore: null;
    minrampercore: number;
    maxrampercore: null;
})[];
export declare const UPDATE_OPTIONAL: string[];
/** Legacy methods by name with their Python keyword signatures. */
export declare const LEGACY_METHODS: Record<string, MethodDef>;
/** New-API pilot methods (`/api/v1/pilot/<method>`). */
export declare const API_PILOT_METHODS: Record<string, MethodDef>;
/** Call a method with Python's keyword checking; signature problems raise HandlerError (→ 500). */
export declare function callMethod(def: MethodDef, name: string, p: Params, ctx: HandlerContext): HandlerResult;
export {};
