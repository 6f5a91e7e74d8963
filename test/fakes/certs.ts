/**
 * Throwaway certificates for the https fake eMASS, made at test time with the openssl binary: a CA,
 * a server certificate for 127.0.0.1 and a client certificate, all signed by that CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCerts {
  dir: string;
  caCertFile: string;
  serverKey: Buffer;
  serverCert: Buffer;
  ca: Buffer;
  clientCertFile: string;
  clientKeyFile: string;
  remove: () => void;
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'awardgate-certs-'));
  const p = (f: string) => join(dir, f);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  ssl('req', '-x509', ...key, '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '2', '-subj', '/CN=AwardGate test CA');
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ]) {
    writeFileSync(p(`${name}.ext`), ext);
    ssl('req', ...key, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=awardgate-test-${name}`);
    ssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p(`${name}.crt`), '-days', '2', '-extfile', p(`${name}.ext`));
  }
  return {
    dir,
    caCertFile: p('ca.crt'),
    ca: readFileSync(p('ca.crt')),
    serverKey: readFileSync(p('server.key')),
    serverCert: readFileSync(p('server.crt')),
    clientCertFile: p('client.crt'),
    clientKeyFile: p('client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
