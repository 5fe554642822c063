import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { DisposableStore } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import type { Destination, DestinationSource } from './destination.ts';
import { defaultMountInfoPath, readMountInfo, type MountEntry } from './mountinfo.ts';

/** The protocol of a network share, as destinations name it in `provider`. */
export type ShareProtocol = 'smb' | 'nfs' | 'sshfs' | 'webdav' | 'afp' | 'ftp';

/** A mounted network share or mapped network drive. */
export interface NetworkShare {
  /** The local folder or drive root (`/mnt/nas`, `Z:\`). */
  path: string;
  protocol: ShareProtocol;
  /** The share as the system names it: `//nas/backup`, `nas:/export`, `\\fs\projects`. */
  remote: string;
  /** Why it is a share, such as `cifs mount of //nas/backup`. */
  evidence: string;
}

/** Filesystem types of network shares in Linux and macOS mount tables. */
const networkFilesystems: Record<string, ShareProtocol> = {
  cifs: 'smb',
  smb3: 'smb',
  smbfs: 'smb',
  nfs: 'nfs',
  nfs4: 'nfs',
  'fuse.sshfs': 'sshfs',
  sshfs: 'sshfs',
  davfs: 'webdav',
  'fuse.davfs2': 'webdav',
  webdav: 'webdav',
  afpfs: 'afp',
  'fuse.curlftpfs': 'ftp',
};

/** GVfs location prefixes (`smb-share:server=nas,share=backup`) of network shares. */
const gvfsShareSchemes: Record<string, ShareProtocol> = {
  'smb-share': 'smb',
  sftp: 'sshfs',
  dav: 'webdav',
  davs: 'webdav',
  ftp: 'ftp',
  nfs: 'nfs',
  'afp-volume': 'afp',
};

/** The protocol of a mount-table filesystem type, or null when it is not a network share. */
export function networkShareProtocol(fsType: string): ShareProtocol | null {
  return Object.hasOwn(networkFilesystems, fsType) ? (networkFilesystems[fsType] ?? null) : null;
}

/** Network shares of a Linux mount table. */
export function sharesFromMountTable(entries: readonly MountEntry[]): NetworkShare[] {
  return entries.flatMap((entry) => {
    const protocol = networkShareProtocol(entry.fsType);
    return protocol === null
      ? []
      : [
          {
            path: entry.mountPoint,
            protocol,
            remote: entry.source,
            evidence: `${entry.fsType} mount of ${entry.source}`,
          },
        ];
  });
}

/**
 * Reads macOS `mount` output, one line per mount:
 * `//alice@nas.local/backup on /Volumes/backup (smbfs, nodev, nosuid, mounted by alice)`.
 */
export function parseMacMountOutput(text: string): NetworkShare[] {
  return text.split('\n').flatMap((line) => {
    const match = /^(.+) on (\/.*) \(([^,()]+)(?:,[^()]*)?\)$/.exec(line.trim());
    const protocol = match?.[3] === undefined ? null : networkShareProtocol(match[3]);
    if (match?.[1] === undefined || match[2] === undefined || protocol === null) {
      return [];
    }
    return [
      {
        path: match[2],
        protocol,
        remote: match[1],
        evidence: `${match[3] ?? ''} mount of ${match[1]}`,
      },
    ];
  });
}

/**
 * Reads the mapped drives of `net use` or `Get-SmbMapping` output. Both print a table whose
 * headers and status words are localised, so rows are recognised by their shape instead: an
 * optional status, a drive letter, then the `\\server\share` path. Connections without a drive
 * letter have no local folder to watch and are left out.
 */
export function parseWindowsMappings(text: string, command: string): NetworkShare[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const uncStart = line.indexOf('\\\\');
    if (uncStart < 0) {
      return [];
    }
    const tokens = line.slice(0, uncStart).trim().split(/\s+/);
    const drive = tokens.find((token) => /^[A-Za-z]:$/.test(token));
    const status = tokens.find((token) => token !== '' && token !== drive) ?? null;
    const remote =
      line
        .slice(uncStart)
        .split(/\s{2,}/)[0]
        ?.trim() ?? '';
    if (drive === undefined || remote.length <= 2) {
      return [];
    }
    const protocol: ShareProtocol = /@SSL\\|\\DavWWWRoot/i.test(remote) ? 'webdav' : 'smb';
    const state = status === null ? '' : `, status ${status}`;
    return [
      {
        path: `${drive.toUpperCase()}\\`,
        protocol,
        remote,
        evidence: `${command}: ${drive.toUpperCase()} mapped to ${remote}${state}`,
      },
    ];
  });
}

/** Options for a {@link NetworkShareSource}. */
export interface NetworkShareSourceOptions {
  logger: Logger;
  /** The platform whose shares are listed; defaults to the running one. */
  platform?: NodeJS.Platform;
  /** How often the shares are compared; defaults to 500 ms on Linux, 5 s elsewhere. */
  pollIntervalMs?: number;
  /** The Linux mount table; defaults to `/proc/self/mountinfo`. */
  mountInfoPath?: string;
  /** Runs a command and returns its output, or null when it fails; tests feed recorded output. */
  runCommand?: (command: string, args: readonly string[]) => Promise<string | null>;
}

/**
 * Mounted network shares (SMB, NFS, SSHFS, WebDAV, AFP, FTP) and mapped network drives: from
 * the mount table and GVfs on Linux, `mount` on macOS, and `net use` (else `Get-SmbMapping`) on
 * Windows. Changes are noticed by comparing the list on a timer. A mount of another type, such
 * as tmpfs or a bind mount, is never a share.
 */
export class NetworkShareSource implements DestinationSource {
  readonly #logger: Logger;
  readonly #platform: NodeJS.Platform;
  readonly #mountInfoPath: string;
  readonly #runCommand: (command: string, args: readonly string[]) => Promise<string | null>;
  readonly #onDidChange = new Emitter<void>();
  readonly #disposables = new DisposableStore();
  #lastSignature: string | null = null;
  #isPolling = false;

  readonly onDidChange: Event<void> = this.#onDidChange.event;

  constructor(options: NetworkShareSourceOptions) {
    this.#logger = options.logger.child('NetworkShares');
    this.#platform = options.platform ?? process.platform;
    this.#mountInfoPath = options.mountInfoPath ?? defaultMountInfoPath;
    this.#runCommand = options.runCommand ?? runCommand;
    this.#disposables.add(this.#onDidChange);

    const intervalMs = options.pollIntervalMs ?? (this.#platform === 'linux' ? 500 : 5_000);
    const timer = setInterval(() => void this.#poll(), intervalMs);
    this.#disposables.add({
      dispose: () => {
        clearInterval(timer);
      },
    });
    void this.#poll();
  }

  async list(): Promise<Destination[]> {
    return (await this.#shares()).map((share) => ({
      id: `share:${share.path}`,
      kind: 'network-share',
      path: share.path,
      label: `${share.remote} (${share.protocol.toUpperCase()})`,
      provider: share.protocol,
      account: null,
      device: null,
      evidence: [share.evidence],
    }));
  }

  async dispose(): Promise<void> {
    await this.#disposables.dispose();
  }

  async #shares(): Promise<NetworkShare[]> {
    switch (this.#platform) {
      case 'linux': {
        const mounts = await readMountInfo(this.#mountInfoPath, this.#logger);
        return [...sharesFromMountTable(mounts), ...(await this.#gvfsShares(mounts))];
      }
      case 'darwin': {
        const output = await this.#runCommand('/sbin/mount', []);
        return output === null ? [] : parseMacMountOutput(output);
      }
      case 'win32':
        return this.#windowsShares();
      default:
        return [];
    }
  }

  /** GVfs mounts locations as folders of its FUSE mount, such as `smb-share:server=nas,share=x`. */
  async #gvfsShares(mounts: readonly MountEntry[]): Promise<NetworkShare[]> {
    const shares: NetworkShare[] = [];
    for (const mount of mounts.filter((entry) => entry.fsType === 'fuse.gvfsd-fuse')) {
      const names = await readdir(mount.mountPoint).catch(() => []);
      for (const name of names) {
        const protocol = gvfsShareSchemes[name.split(':')[0] ?? ''];
        if (protocol !== undefined) {
          shares.push({
            path: join(mount.mountPoint, name),
            protocol,
            remote: name,
            evidence: `GVfs location ${name}`,
          });
        }
      }
    }
    return shares;
  }

  async #windowsShares(): Promise<NetworkShare[]> {
    const netUse = await this.#runCommand('net', ['use']);
    if (netUse !== null) {
      return parseWindowsMappings(netUse, 'net use');
    }
    const mappings = await this.#runCommand('powershell.exe', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-SmbMapping | Format-Table -AutoSize | Out-String -Width 4096',
    ]);
    if (mappings === null) {
      this.#logger.warn('Could not list mapped drives: both net use and Get-SmbMapping failed');
      return [];
    }
    return parseWindowsMappings(mappings, 'Get-SmbMapping');
  }

  async #poll(): Promise<void> {
    if (this.#isPolling) {
      return;
    }
    this.#isPolling = true;
    try {
      const signature = JSON.stringify(await this.#shares());
      const changed = this.#lastSignature !== null && signature !== this.#lastSignature;
      this.#lastSignature = signature;
      if (changed && !this.#disposables.isDisposed) {
        this.#onDidChange.fire();
      }
    } catch (error) {
      this.#logger.error('Checking network shares failed', error);
    } finally {
      this.#isPolling = false;
    }
  }
}

/** Command output is a few lines per share; more than this is not a share list. */
const maxCommandOutputBytes = 1024 * 1024;

function runCommand(command: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { maxBuffer: maxCommandOutputBytes, timeout: 10_000, windowsHide: true },
      (error, stdout) => {
        resolve(error === null ? stdout : null);
      },
    );
  });
}
