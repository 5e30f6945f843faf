import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandlerContext } from './handlers.js';
import type { FaultInjector } from './faults.js';
import type { EmulatorStore } from './store.js';
/** A request as logged for tests and the admin API. */
export interface RequestLogEntry {
    time: number;
    httpMethod: string;
    path: string;
    /** Dispatcher method (or cache/trf route name). */
    method: string;
    status: number;
    fault?: string;
    params?: Record<string, unknown>;
}
/** Everything the router needs. */
export interface ServerDeps {
    store: EmulatorStore;
    faults: FaultInjector;
    url: () => string;
    trfDir?: string;
    storageDir?: string;
    storages: Record<string, Record<string, unknown>>;
    credentials: HandlerContext['credentials'];
    pilotSecrets?: string;
    noRole?: boolean;
    requests: RequestLogEntry[];
    /** Admin command implementation shared with the library API. */
    command: (pandaID: number, command: string) => {
        ok: boolean;
        message: string;
    };
}
/** Plain reply helper. */
export declare function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void;
/** JSON reply helper. */
export declare function sendJson(res: ServerResponse, status: number, value: unknown): void;
/** The request listener. */
export declare function handleRequest(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void>;
