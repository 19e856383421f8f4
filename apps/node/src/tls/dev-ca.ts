import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Where a member's certificate and private key are, as PEM files. */
export interface CertificateFiles {
  cert: string;
  key: string;
}

/** A throw-away CA and one certificate per node, for trying TLS on one machine. */
export interface DevCertificates {
  /** The CA certificate: nodes trust it for peers, and clients trust it for nodes. */
  ca: string;
  nodes: Record<string, CertificateFiles>;
}

const validDays = 30;

async function openssl(args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args);
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        '--tls needs the openssl command to make its certificates (apt-get install openssl)',
      );
    }
    throw new Error(`openssl ${args[0]} failed: ${stderr?.trim() ?? String(error)}`);
  }
}

/** A new P-256 private key at `path`, readable by its owner only. */
async function newPrivateKey(path: string): Promise<void> {
  await openssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    path,
  ]);
  await chmod(path, 0o600);
}

/** Whether `cert` was signed by `ca` and stays valid for at least another day. */
async function stillGood(cert: string, ca: string): Promise<boolean> {
  try {
    await execFileAsync('openssl', ['verify', '-CAfile', ca, cert]);
    await execFileAsync('openssl', ['x509', '-in', cert, '-noout', '-checkend', '86400']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes (or reuses) a development CA under `directory` and a certificate for each node id,
 * with the same openssl commands an operator would run (docs/operations.md): P-256 keys,
 * subject CN=<id> and the names <id>, localhost, 127.0.0.1 and `hosts`, for both server and
 * client authentication. A node presents it on its public port and to its peers, which check
 * that the name matches the node id it claims. For trying TLS only: the CA's key sits beside
 * the certificates.
 */
export async function ensureDevCertificates(
  directory: string,
  nodeIds: readonly string[],
  hosts: readonly string[] = [],
): Promise<DevCertificates> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const ca = join(directory, 'ca.pem');
  const caKey = join(directory, 'ca-key.pem');
  if (!(existsSync(ca) && existsSync(caKey))) {
    await newPrivateKey(caKey);
    await openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      caKey,
      '-out',
      ca,
      '-days',
      String(validDays * 10),
      '-subj',
      '/CN=Raftboard development CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }
  const nodes: Record<string, CertificateFiles> = {};
  for (const id of nodeIds) {
    const files = { cert: join(directory, `${id}.pem`), key: join(directory, `${id}-key.pem`) };
    if (!(existsSync(files.cert) && existsSync(files.key) && (await stillGood(files.cert, ca)))) {
      await issue(directory, id, hosts, { cert: ca, key: caKey }, files);
    }
    nodes[id] = files;
  }
  return { ca, nodes };
}

async function issue(
  directory: string,
  id: string,
  hosts: readonly string[],
  ca: CertificateFiles,
  files: CertificateFiles,
) {
  const names = [...new Set([id, 'localhost', '127.0.0.1', ...hosts])]
    .map((name) => `${isIP(name) ? 'IP' : 'DNS'}:${name}`)
    .join(',');
  const request = join(directory, `${id}.csr`);
  const extensions = join(directory, `${id}.ext`);
  await newPrivateKey(files.key);
  await openssl(['req', '-new', '-key', files.key, '-out', request, '-subj', `/CN=${id}`]);
  await writeFile(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth,clientAuth',
      `subjectAltName=${names}`,
      '',
    ].join('\n'),
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    files.cert,
    '-days',
    String(validDays),
    '-extfile',
    extensions,
  ]);
  await rm(request, { force: true });
  await rm(extensions, { force: true });
}
