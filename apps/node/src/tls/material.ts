import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import type { PeerTlsFiles, TlsFiles } from '../config.ts';

/** A certificate and key as the TLS servers and clients take them. */
export interface TlsMaterial {
  /** PEM text. */
  cert: string;
  key: string;
}

/** This node's peer certificate and key, and the cluster CA that signs every member's. */
export interface PeerTlsMaterial extends TlsMaterial {
  ca: string;
}

/** A TLS file is missing or unreadable, or holds no valid PEM; the message names it. */
export class TlsFileError extends Error {
  override name = 'TlsFileError';
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new TlsFileError(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

function parseCertificate(pem: string, path: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new TlsFileError(`the ${what} ${path} is not a PEM certificate`);
  }
}

/** The public port's certificate and key, read now (at start and on SIGHUP). */
export function readTls(files: TlsFiles): TlsMaterial {
  const cert = read(files.cert, 'TLS certificate');
  parseCertificate(cert, files.cert, 'TLS certificate');
  return { cert, key: read(files.key, 'TLS key') };
}

/**
 * The peer CA, certificate and key, read now. Checks what would otherwise fail only when a peer
 * connects: the CA signed the certificate, and the certificate names this node.
 */
export function readPeerTls(files: PeerTlsFiles, nodeId: string): PeerTlsMaterial {
  const ca = read(files.ca, 'peer CA certificate');
  const cert = read(files.cert, 'peer certificate');
  const authority = parseCertificate(ca, files.ca, 'peer CA certificate');
  const own = parseCertificate(cert, files.cert, 'peer certificate');
  if (!own.checkIssued(authority) || !own.verify(authority.publicKey)) {
    throw new TlsFileError(
      `the peer certificate ${files.cert} is not signed by the CA ${files.ca}`,
    );
  }
  if (!certificateNames(own).includes(nodeId)) {
    throw new TlsFileError(
      `the peer certificate ${files.cert} names ${certificateNames(own).join(', ')}, not this node (${nodeId}): peers check that a member's certificate names its node id`,
    );
  }
  return { ca, cert, key: read(files.key, 'peer key') };
}

/**
 * The names a certificate gives its holder: the subject's common name and its DNS subject
 * alternative names. A member's certificate must name its node id.
 */
export function certificateNames(cert: X509Certificate | PeerCertificate): string[] {
  const common =
    cert instanceof X509Certificate
      ? /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1]
      : (cert.subject as Record<string, string | string[] | undefined> | undefined)?.CN;
  const alternatives = cert instanceof X509Certificate ? cert.subjectAltName : cert.subjectaltname;
  const dns = (alternatives ?? '')
    .split(/,\s*/)
    .filter((name) => name.startsWith('DNS:'))
    .map((name) => name.slice(4));
  const commonNames = Array.isArray(common) ? common : common ? [common] : [];
  return [...new Set([...commonNames, ...dns])];
}
