import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM files made for one test run (paths). */
export interface TestCertificates {
  /** The CA that signs the server and client certificates. */
  caFile: string;
  /** Valid for `localhost` and `127.0.0.1`. */
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** A second CA that signed nothing here: trusting only it must refuse the server. */
  otherCaFile: string;
}

/** The tool the helpers need. */
export const certificateTools = ['openssl'];

/**
 * Makes a CA, a server certificate for localhost and 127.0.0.1, a client certificate and an
 * unrelated CA with `openssl`, in `directory`. EC P-256 keys, valid for two days.
 */
export async function createTestCertificates(directory: string): Promise<TestCertificates> {
  const path = (name: string): string => join(directory, name);

  // Two CAs
  await makeCa(path('ca'), 'Copywarden Test CA');
  await makeCa(path('other-ca'), 'Unrelated Test CA');

  // Leaf certificates signed by the first CA
  await makeLeaf(path('ca'), path('server'), 'localhost', [
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    'extendedKeyUsage=serverAuth',
  ]);
  await makeLeaf(path('ca'), path('client'), 'copywarden-agent', ['extendedKeyUsage=clientAuth']);

  return {
    caFile: path('ca.pem'),
    serverCertFile: path('server.pem'),
    serverKeyFile: path('server.key'),
    clientCertFile: path('client.pem'),
    clientKeyFile: path('client.key'),
    otherCaFile: path('other-ca.pem'),
  };
}

async function makeCa(base: string, commonName: string): Promise<void> {
  await run('openssl', [
    'req',
    '-x509',
    ...ecKey(`${base}.key`),
    '-out',
    `${base}.pem`,
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

async function makeLeaf(
  caBase: string,
  base: string,
  commonName: string,
  extensions: string[],
): Promise<void> {
  await run('openssl', [
    'req',
    ...ecKey(`${base}.key`),
    '-out',
    `${base}.csr`,
    '-subj',
    `/CN=${commonName}`,
  ]);

  const extensionFile = `${base}.ext`;
  await writeFile(extensionFile, [...extensions, 'basicConstraints=CA:FALSE', ''].join('\n'));
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    `${base}.csr`,
    '-CA',
    `${caBase}.pem`,
    '-CAkey',
    `${caBase}.key`,
    '-set_serial',
    String(Date.now()),
    '-out',
    `${base}.pem`,
    '-days',
    '2',
    '-extfile',
    extensionFile,
  ]);
}

function ecKey(keyFile: string): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile];
}
