import { execFile } from 'node:child_process';

/** The attribute macOS puts on the root of every File Provider domain (sync root). */
export const fileProviderDomainAttribute = 'com.apple.file-provider-domain-id';

/** What reading an extended attribute told. */
export type ExtendedAttributeResult =
  | { state: 'present'; value: string }
  | { state: 'absent' }
  /** The attribute could not be read here: not macOS, or the tool failed. */
  | { state: 'unavailable'; reason: string };

/** What `xattr -p` printed and how it exited. */
export interface XattrRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Attribute values are short identifiers; the tool's output is cut off beyond this. */
const maxXattrOutputBytes = 64 * 1024;

/**
 * Interprets `xattr -p <name> <path>`: exit 0 prints the value; a missing attribute exits 1 with
 * `No such xattr` on standard error. Anything else leaves the answer unknown.
 */
export function parseXattrRun(run: XattrRun): ExtendedAttributeResult {
  if (run.exitCode === 0) {
    return { state: 'present', value: run.stdout.trim() };
  }
  if (/no such xattr/i.test(run.stderr)) {
    return { state: 'absent' };
  }
  return { state: 'unavailable', reason: run.stderr.trim() || `xattr exited with ${run.exitCode}` };
}

/**
 * Reads an extended attribute with macOS's `/usr/bin/xattr`. Node has no extended-attribute
 * API, and a native addon would have to be rebuilt for Electron. Elsewhere the attribute cannot
 * exist, so the answer is `unavailable`: discovery then trusts the folder's location in
 * `~/Library/CloudStorage`, which only File Provider creates entries in.
 */
export function readExtendedAttributeWithXattr(
  path: string,
  name: string,
): Promise<ExtendedAttributeResult> {
  if (process.platform !== 'darwin') {
    return Promise.resolve({ state: 'unavailable', reason: 'not macOS' });
  }

  return new Promise((resolve) => {
    execFile(
      '/usr/bin/xattr',
      ['-p', name, path],
      { maxBuffer: maxXattrOutputBytes, timeout: 5_000 },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve(parseXattrRun({ exitCode, stdout, stderr }));
      },
    );
  });
}

/** Bundle-id fragments of File Provider extensions, with the provider each one belongs to. */
const domainProviders: readonly { fragment: string; provider: string }[] = [
  { fragment: 'onedrive', provider: 'onedrive' },
  { fragment: 'drivefs', provider: 'google-drive' },
  { fragment: 'dropbox', provider: 'dropbox' },
  { fragment: 'com.box.', provider: 'box' },
  { fragment: 'clouddocs', provider: 'icloud' },
  { fragment: 'proton', provider: 'proton-drive' },
];

/**
 * The provider a domain id names through its extension's bundle id, such as
 * `com.microsoft.OneDrive-mac.FileProvider/...`; null when it is not one of the known ones. The
 * exact bundle ids are taken loosely (by fragment) because they differ between builds.
 */
export function providerFromDomainId(domainId: string): string | null {
  const bundle = (domainId.split('/')[0] ?? '').toLowerCase();
  return domainProviders.find(({ fragment }) => bundle.includes(fragment))?.provider ?? null;
}
