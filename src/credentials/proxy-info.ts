/**
 * X509 proxies read natively: the certificate chain with `node:crypto`'s X509Certificate, the VOMS
 * attribute certificate (extension 1.3.6.1.4.1.8005.100.100.5) with our DER reader. This gives what
 * Pilot 3 asks `arcproxy`/`voms-proxy-info` for (proxy and VOMS time left, VO, FQANs, identity)
 * without depending on either being installed. Nothing here logs or returns key material.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { children, gridName, oid, parseDer, TAG, text, time, type DerNode } from './der.js';

const VOMS_AC_SEQ = '1.3.6.1.4.1.8005.100.100.5';
const VOMS_ATTRIBUTES = '1.3.6.1.4.1.8005.100.100.4';
const PROXY_CERT_INFO = '1.3.6.1.5.5.7.1.14';
const LEGACY_PROXY_CERT_INFO = '1.3.6.1.4.1.3536.1.222';

/** One VOMS attribute certificate carried by a proxy. */
export interface VomsAttributes {
  /** The VO (from the policy authority `vo://host:port`). */
  vo: string;
  /** `host:port` of the VOMS server. */
  uri: string;
  /** Holder (the user's DN) and issuer (the VOMS server's DN), grid slash form. */
  subject: string;
  issuer: string;
  /** FQANs in the order the AC lists them, e.g. `/atlas/Role=production`, `/atlas`. */
  fqans: string[];
  /** Validity (epoch seconds). */
  notBefore: number;
  notAfter: number;
}

/** What a proxy file holds, as `voms-proxy-info -all` shows it. */
export interface ProxyInfo {
  path: string;
  /** The first certificate's subject and issuer (grid slash form). */
  subject: string;
  issuer: string;
  /** The end-entity DN: the first certificate of the chain that is not a proxy. */
  identity: string;
  /** 'RFC compliant proxy', 'legacy proxy' or 'end entity certificate'. */
  type: string;
  /** Key size of the first certificate (bits). */
  strength?: number;
  /** Chain validity (epoch s): latest start, earliest end over the certificates in the file. */
  notBefore: number;
  notAfter: number;
  /** A private key matching the first certificate is in the file. */
  hasKey: boolean;
  /** VOMS attribute certificates (empty when none). */
  voms: VomsAttributes[];
}

/** Seconds left of the proxy's certificate chain (may be negative). */
export function timeLeft(info: ProxyInfo, nowS = Date.now() / 1000): number {
  return Math.floor(info.notAfter - nowS);
}

/** Seconds left of the VOMS attributes (earliest AC end), or undefined without any AC. */
export function vomsTimeLeft(info: ProxyInfo, nowS = Date.now() / 1000): number | undefined {
  if (info.voms.length === 0) return undefined;
  return Math.floor(Math.min(...info.voms.map((v) => v.notAfter)) - nowS);
}

/** All FQANs of all ACs, in order. */
export function fqans(info: ProxyInfo): string[] {
  return info.voms.flatMap((v) => v.fqans);
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/** Extensions of a DER certificate: OID → extnValue's content. */
export function certExtensions(der: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const tbs = children(children(parseDer(der))[0]);
  const ext = tbs.find((n) => n.cls === 2 && n.num === 3);
  if (!ext) return out;
  for (const e of children(children(ext)[0])) {
    const parts = children(e);
    const value = parts[parts.length - 1];
    if (value.tag === TAG.OCTET_STRING) out.set(oid(parts[0]), value.content);
  }
  return out;
}

/** The DN inside GeneralNames (its directoryName [4]). */
function generalNamesDn(names: DerNode): string {
  for (const gn of children(names)) if (gn.cls === 2 && gn.num === 4) return gridName(children(gn)[0]);
  return '';
}

/** The attribute certificates in the VOMS extension (a sequence of sequences of ACs). */
function attributeCertificates(node: DerNode): DerNode[] {
  const list = children(node);
  const isAc = (n: DerNode) => {
    if (n.tag !== TAG.SEQUENCE) return false;
    const first = children(n)[0];
    return first?.tag === TAG.SEQUENCE && children(first)[0]?.tag === TAG.INTEGER;
  };
  return list.flatMap((n) => (isAc(n) ? [n] : n.constructed ? attributeCertificates(n) : []));
}

/** Parse one VOMS attribute certificate. */
function parseAc(ac: DerNode): VomsAttributes {
  const info = children(children(ac)[0]);
  // version, holder, issuer, signature, serial, validity, attributes, [issuerUID], [extensions]
  const [, holder, issuer, , , validity, attributes] = info;
  const holderId = children(holder).find((n) => n.cls === 2 && n.num === 0);
  const subject = holderId ? generalNamesDn(children(holderId)[0]) : '';
  // v2Form [0] IMPLICIT: its content starts with issuerName (GeneralNames)
  const v2 = issuer.cls === 2 ? children(issuer) : [issuer];
  const issuerDn = v2[0]?.tag === TAG.SEQUENCE ? generalNamesDn(v2[0]) : '';
  const [nb, na] = children(validity);
  const out: VomsAttributes = { vo: '', uri: '', subject, issuer: issuerDn, fqans: [], notBefore: time(nb), notAfter: time(na) };
  for (const attr of children(attributes)) {
    const [type, values] = children(attr);
    if (oid(type) !== VOMS_ATTRIBUTES) continue;
    for (const syntax of children(values)) {
      for (const part of children(syntax)) {
        if (part.cls === 2 && part.num === 0) {
          // policyAuthority: GeneralNames holding the URI "vo://host:port"
          for (const gn of children(part)) {
            const m = /^([^:]+):\/\/(.*)$/.exec(gn.content.toString('utf8'));
            if (m) [out.vo, out.uri] = [m[1], m[2]];
          }
        } else if (part.tag === TAG.SEQUENCE) {
          for (const v of children(part)) if (v.tag === TAG.OCTET_STRING || v.tag === TAG.UTF8) out.fqans.push(text(v));
        }
      }
    }
  }
  return out;
}

/** Read a proxy from its PEM text. Throws a plain Error for anything that is not a usable chain. */
export function parseProxy(pem: string, path = ''): ProxyInfo {
  const certs: X509Certificate[] = [];
  let keyPem: string | undefined;
  for (const m of pem.matchAll(PEM_BLOCK)) {
    if (m[1] === 'CERTIFICATE') certs.push(new X509Certificate(m[0]));
    else if (m[1].endsWith('PRIVATE KEY')) keyPem ??= m[0];
  }
  if (certs.length === 0) throw new Error('no certificate in the proxy file');
  const exts = certs.map((c) => certExtensions(c.raw));
  const isProxy = (i: number) => exts[i].has(PROXY_CERT_INFO) || exts[i].has(LEGACY_PROXY_CERT_INFO);
  const names = certs.map((c) => {
    const tbs = children(children(parseDer(c.raw))[0]);
    const off = tbs[0].cls === 2 ? 1 : 0; // [0] version is optional
    return { issuer: gridName(tbs[off + 2]), subject: gridName(tbs[off + 4]) };
  });
  const eeIndex = certs.findIndex((_, i) => !isProxy(i));
  const first = exts[0];
  const type = first.has(PROXY_CERT_INFO) ? 'RFC compliant proxy' : first.has(LEGACY_PROXY_CERT_INFO) ? 'legacy proxy' : 'end entity certificate';
  let hasKey = false;
  if (keyPem) {
    try {
      hasKey = certs[0].checkPrivateKey(createPrivateKey(keyPem));
    } catch {
      hasKey = false;
    }
  }
  // the chain's own certificates (proxies and the end-entity one) limit its validity, not CAs
  const chain = certs.slice(0, eeIndex < 0 ? certs.length : eeIndex + 1);
  const voms: VomsAttributes[] = [];
  for (const e of exts) {
    const ext = e.get(VOMS_AC_SEQ);
    if (ext) voms.push(...attributeCertificates(parseDer(ext)).map(parseAc));
  }
  return {
    path,
    subject: names[0].subject,
    issuer: names[0].issuer,
    identity: eeIndex < 0 ? names[names.length - 1].issuer : names[eeIndex].subject,
    type,
    strength: certs[0].publicKey.asymmetricKeyDetails?.modulusLength,
    notBefore: Math.max(...chain.map((c) => Date.parse(c.validFrom) / 1000)),
    notAfter: Math.min(...chain.map((c) => Date.parse(c.validTo) / 1000)),
    hasKey,
    voms,
  };
}

/** Read a proxy file (see {@link parseProxy}). */
export function readProxy(path: string): ProxyInfo {
  return parseProxy(readFileSync(path, 'utf8'), path);
}
