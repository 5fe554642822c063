import type { Disposable } from '../base/disposable.ts';
import type { Event } from '../base/emitter.ts';

/** The kinds of exit the engine watches. */
export type DestinationKind = 'removable-volume' | 'cloud-sync';

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
}

/** The cloud account whose sync client uploads a folder. */
export interface CloudAccount {
  type: AccountType;
  /** The account's e-mail address or login, where the client's files name it. */
  email: string | null;
  /** The organisation: a team or tenant name or id, where the client's files name it. */
  organisation: string | null;
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
  /** The sync provider's id (`dropbox`, `onedrive`, `google-drive`, `icloud`, `box`); null for volumes. */
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
