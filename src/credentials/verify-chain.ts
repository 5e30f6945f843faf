/**
 * Verify a client's certificate chain the way grid services do, proxies included (OpenSSL, hence
 * Node's TLS, refuses RFC proxy certificates unless a flag Node does not expose is set): every
 * certificate signed by the next one and valid now, the last one signed by a trusted CA, and each
 * proxy named after its issuer plus one CN. Used by our emulators to require X509 client auth.
 */
import { X509Certificate } from 'node:crypto';
import { children, gridName, parseDer } from './der.js';
import { certExtensions } from './proxy-info.js';

/** The verified identity, or why the chain was refused. */
export type ChainVerdict = { ok: true; identity: string; leaf: X509Certificate } | { ok: false; reason: string };

const PROXY_CERT_INFO_OIDS = ['1.3.6.1.5.5.7.1.14', '1.3.6.1.4.1.3536.1.222'];

function names(c: X509Certificate): { subject: string; issuer: string; proxy: boolean } {
  const tbs = children(children(parseDer(c.raw))[0]);
  const off = tbs[0].cls === 2 ? 1 : 0;
  const ext = certExtensions(c.raw);
  return { issuer: gridName(tbs[off + 2]), subject: gridName(tbs[off + 4]), proxy: PROXY_CERT_INFO_OIDS.some((o) => ext.has(o)) };
}

/** Verify `chain` (leaf first, as the peer sent it) against `cas`. */
export function verifyClientChain(chain: X509Certificate[], cas: X509Certificate[], nowMs = Date.now()): ChainVerdict {
  // the TLS stack may append the trusted CA itself: the chain to check ends below it
  const trusted = new Set(cas.map((k) => k.fingerprint256));
  while (chain.length > 1 && trusted.has(chain[chain.length - 1].fingerprint256)) chain = chain.slice(0, -1);
  if (chain.length === 0) return { ok: false, reason: 'no client certificate' };
  const info = chain.map(names);
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i];
    if (nowMs < Date.parse(c.validFrom) || nowMs > Date.parse(c.validTo)) return { ok: false, reason: `certificate ${info[i].subject} is not valid now` };
    const next = chain[i + 1];
    if (next) {
      if (!c.verify(next.publicKey)) return { ok: false, reason: `bad signature on ${info[i].subject}` };
      if (info[i].proxy) {
        const m = /^(.*)\/CN=[^/]+$/.exec(info[i].subject);
        if (!m || m[1] !== info[i + 1].subject || info[i].issuer !== info[i + 1].subject) return { ok: false, reason: `proxy ${info[i].subject} is not named after its issuer` };
      } else if (!next.ca) return { ok: false, reason: `${info[i + 1].subject} is neither a CA nor the issuer of a proxy` };
    } else {
      const ca = cas.find((k) => c.checkIssued(k) && c.verify(k.publicKey));
      if (!ca) return { ok: false, reason: `${info[i].subject} is not issued by a trusted CA` };
      if (info[i].proxy) return { ok: false, reason: 'a proxy cannot be issued by a CA' };
    }
  }
  const ee = info.findIndex((n) => !n.proxy);
  return { ok: true, identity: info[ee < 0 ? info.length - 1 : ee].subject, leaf: chain[0] };
}

/** The peer chain of a TLS socket (leaf first), from getPeerCertificate(true). */
export function peerChain(socket: { getPeerCertificate?(detailed: true): { raw?: Buffer; issuerCertificate?: unknown } }): X509Certificate[] {
  const out: X509Certificate[] = [];
  let c = socket.getPeerCertificate?.(true) as { raw?: Buffer; issuerCertificate?: unknown; fingerprint256?: string } | undefined;
  const seen = new Set<string>();
  while (c?.raw && !seen.has(c.fingerprint256 ?? '')) {
    seen.add(c.fingerprint256 ?? '');
    out.push(new X509Certificate(c.raw));
    c = c.issuerCertificate as typeof c;
  }
  return out;
}
