import type { Disposable } from '../base/disposable.ts';
import type { Event } from '../base/emitter.ts';

/**
 * The kinds of exit the engine watches. `network-share` is a mounted SMB, NFS, SSHFS, WebDAV or
 * AFP share, or a mapped network drive on Windows: files written there leave the machine too.
 * `local-folder` is not an exit: it is one of the user's own folders (Desktop, Downloads,
 * Documents), watched only for copies of backup-repository files (the Backup Access detection).
 */
export type DestinationKind = 'removable-volume' | 'cloud-sync' | 'network-share' | 'local-folder';

/** Whether a cloud account belongs to a person or to an organisation, where its files tell. */
export type AccountType = 'personal' | 'business' | 'unknown';

/** The device behind a removable volume, as the operating system reports it. */
export interface DeviceIdentity {
  /** The block device or drive path, such as `/dev/sdb` or `\\.\PhysicalDrive2`. */
  device: string;
  /** The operating system's description, such as `SanDisk Cruzer`. */
  description: string | null;
  /** The bus the device hangs on, such as `usb`, `sata`, `virtual`; null when unknown. */
  bus: string | null;
  isUsb: boolean;
  isRemovable: boolean;
  isVirtual: boolean;
  sizeBytes: number | null;
  /** The USB vendor id as four lower-case hex digits, such as `0781`; null when not told. */
  vendorId?: string | null;
  /** The USB product id as four lower-case hex digits, such as `5567`; null when not told. */
  productId?: string | null;
  /**
   * The device's serial number as the hardware reports it (USB iSerialNumber, SCSI or NVMe
   * serial); null when the device has none or the OS did not tell. Not unique: see README.
   */
  serial?: string | null;
  /** The maker's name, such as `SanDisk`; null when not told. */
  vendor?: string | null;
  /** The product name, such as `Cruzer Blade`; null when not told. */
  model?: string | null;
  /** The label of the mounted volume, such as `STICK`; null when it has none or was not read. */
  volumeLabel?: string | null;
  /** The filesystem type in lower case, such as `vfat`, `exfat`, `ntfs`, `apfs`; null if unknown. */
  filesystem?: string | null;
  /**
   * The filesystem's own identifier: a UUID, or a FAT/exFAT serial such as `B5A7-FF10`; null when
   * not told. It changes when the volume is formatted again.
   */
  volumeUuid?: string | null;
  /**
   * Whether the volume is encrypted at rest (BitLocker To Go, APFS/FileVault, LUKS); null when the
   * OS did not tell.
   */
  encrypted?: boolean | null;
}

/** The cloud account whose sync client uploads a folder. */
export interface CloudAccount {
  type: AccountType;
  /** The account's e-mail address or login, where the client's files name it. */
  email: string | null;
  /** The organisation: a team or tenant name or id, where the client's files name it. */
  organisation: string | null;
  /**
   * The organisation's stable id where the client's files name it, such as the Entra ID tenant
   * GUID of a OneDrive work account. Unlike a display name, another organisation cannot take it.
   */
  organisationId?: string | null;
}

/** An exit through which files can leave the machine, with the folder the engine watches. */
export interface Destination {
  /** Stable id, such as `volume:/media/alice/STICK` or `cloud:dropbox:business:/home/a/Dropbox (Acme)`. */
  id: string;
  kind: DestinationKind;
  /** The absolute root folder to watch. */
  path: string;
  /** A label for people: the volume label or `Dropbox (business)`. */
  label: string;
  /**
   * The sync provider's id (`dropbox`, `onedrive`, `google-drive`, `icloud`, `box`, ...); for
   * network shares the protocol (`smb`, `nfs`, `sshfs`, `webdav`, `afp`); null for volumes.
   */
  provider: string | null;
  /** The cloud account; null for volumes. */
  account: CloudAccount | null;
  /** The device; null for cloud folders and for mounts whose device is unknown. */
  device: DeviceIdentity | null;
  /** Why the engine considers this an exit, one short phrase each (`mounted under /media`). */
  evidence: string[];
}

/** A source of destinations that can change while the engine runs. */
export interface DestinationSource extends Disposable {
  /** Lists the destinations present now. Expected failures are logged and give fewer results. */
  list(): Promise<Destination[]>;
  /** Fires when the source may have changed (a mount appeared, a config file changed). */
  readonly onDidChange: Event<void>;
}
