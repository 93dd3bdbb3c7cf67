// Test helper: a throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI per test run.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';

export interface TlsMaterial {
  /** PEM of the CA that signed the server certificate: what a client must be told to trust. */
  ca: string;
  /** PEM server certificate and key, also as files for servers that read them from disk (Dovecot). */
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  dispose(): Promise<void>;
}

// EC P-256 keys: generated in milliseconds, where RSA would make every test run wait.
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** `altNames`: whom the server certificate is for; the default covers every loopback address the test servers use. */
export async function createTlsMaterial(altNames = 'DNS:localhost, IP:127.0.0.1, IP:127.0.0.2'): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'ulak-tls-'));
  const file = (name: string) => join(dir, name);
  await run(OPENSSL, [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Ulak Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run(OPENSSL, ['req', ...EC_KEY, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
  // Modern clients match the host against the SAN only, never the CN; the IP entry covers connections to 127.0.0.1.
  await writeFile(
    file('server.ext'),
    [`subjectAltName = ${altNames}`, 'basicConstraints = CA:FALSE', 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth'].join('\n'),
  );
  await run(OPENSSL, [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  ]);
  const [ca, cert, key] = await Promise.all(['ca.pem', 'server.pem', 'server.key'].map((name) => readFile(file(name), 'utf8')));
  return {
    ca,
    cert,
    key,
    certFile: file('server.pem'),
    keyFile: file('server.key'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
