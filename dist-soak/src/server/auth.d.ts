/** Where credentials come from: CLI `--cacert`/`--capath` and the environment. */
export interface AuthSource {
    cacert?: string | null;
    capath?: string | null;
    env: NodeJS.ProcessEnv;
}
/** The X509 proxy file (client certificate + key), or undefined when none exists. */
export declare function x509ProxyPath(src: AuthSource): string | undefined;
/** The CA certificates directory, or undefined when none exists. */
export declare function caDirectory(src: AuthSource): string | undefined;
/** Token file name (or path) and origin when OIDC is configured in the environment. */
export declare function oidcTokenInfo(env: NodeJS.ProcessEnv): {
    token: string;
    origin: string;
} | undefined;
/**
 * Find the token file: the refreshed token first (unless `key`), then the name under the
 * OIDC_AUTH_DIR / PANDA_AUTH_DIR / X509_USER_PROXY directory, PILOT_SOURCE_DIR, PILOT_WORK_DIR, HOME.
 * Returns "" when none exists.
 */
export declare function locateToken(name: string, env: NodeJS.ProcessEnv, key?: boolean): string;
/** Bearer token and origin for a request, or undefined when OIDC is not configured. */
export interface BearerAuth {
    token: string;
    origin: string;
}
/** Read the OIDC bearer token; throws COMMUNICATIONFAILURE when configured but unreadable. */
export declare function readBearer(env: NodeJS.ProcessEnv): BearerAuth | undefined;
/**
 * A credential file name as it may be logged: the name itself when it looks like one (short, path
 * characters only, not a JWT), else only which variable held it and how long it is.
 */
export declare function describeName(value: string, variable: string): string;
/**
 * The bearer token for a request to `url`, if it may go there. Over plain http the token would
 * travel in clear: Pilot 3 sends it anyway; we send it (with a warning, once per host) only to a
 * loopback address (local emulators, tunnels) and refuse it for any other host (logged, the
 * request goes without it and the server's refusal says the rest).
 */
export declare function bearerFor(url: string, env: NodeJS.ProcessEnv): BearerAuth | undefined;
/** PEM material for the TLS client: our client cert/key (from the proxy) and the CA list. */
export interface TlsMaterial {
    cert?: string;
    key?: string;
    ca?: string[];
    /** cache key: which files these came from */
    id: string;
}
/** Split a proxy PEM into its certificate chain and its private key. */
export declare function splitPem(pem: string): {
    cert: string;
    key: string;
};
/** CA certificates from a grid-style directory (`*.pem`, `*.crt`, `<hash>.N`), cached per directory. */
export declare function loadCaDirectory(dir: string): string[];
/**
 * TLS material for one request: client cert/key from the proxy unless a bearer token is used,
 * and the CA directory's certificates added to the system roots.
 */
export declare function tlsMaterial(src: AuthSource, withClientCert: boolean, systemRoots: readonly string[]): TlsMaterial;
