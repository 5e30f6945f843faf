/**
 * TLS options for one URL the pilot talks to (PanDA server, Rucio, traces, https/davs storage):
 * server verification against the system roots plus the grid CA directory (`--capath`,
 * X509_CERT_DIR, /etc/grid-security/certificates; `<hash>.0` files) or a CA file
 * (PANDA_PILOT_CA_FILE), and the X509 proxy as client certificate when the site uses X509.
 * Verification is never turned off. The transport (server/http.ts) takes the result as is.
 */
import { rootCertificates } from 'node:tls';
import { readFileSync, statSync } from 'node:fs';
import { tlsMaterial, type AuthSource, type TlsMaterial } from '../server/auth.js';

/** What a caller knows about its credentials. */
export interface TlsSource extends AuthSource {
  /** Send the proxy as client certificate (default true; false when a token is used instead). */
  clientCert?: boolean;
  /** A PEM CA bundle besides the CA directory (default env PANDA_PILOT_CA_FILE). */
  caFile?: string;
}

/** TLS material for `url` (undefined for plain http). */
export function tlsOptionsFor(url: string, src: TlsSource): TlsMaterial | undefined {
  if (!/^(https|davs):/i.test(url)) return undefined;
  const out = tlsMaterial(src, src.clientCert !== false, rootCertificates);
  const caFile = src.caFile ?? src.env.PANDA_PILOT_CA_FILE;
  if (caFile) {
    try {
      const pem = readFileSync(caFile, 'utf8');
      out.ca = [...(out.ca ?? rootCertificates), pem];
      out.id += `cafile=${caFile}@${statSync(caFile).mtimeMs};`;
    } catch {
      // a missing CA file only means fewer trusted CAs: verification then fails clearly
    }
  }
  return out;
}
