/**
 * Backup folders built from their documented layouts, for products that do not run on Linux
 * test machines: Windows Server Backup (the WindowsImageBackup tree), Apple (iOS backups, Time
 * Machine bundles and Backups.backupdb, sparse bundles), Clonezilla (its image folder, as its
 * ocs-chkimg checks it), Kopia (repository files on filesystem storage, `.f` suffix) and
 * Duplicati 2 (volume naming from its documentation).
 */
import { join } from 'node:path';
import { build, buildBinary } from 'plist';
import { run, writeTree } from './tool-fixtures.ts';

/** A 40-hex iOS device id, as the backup folder is named. */
export const iosDeviceId = '00008030001a2b3c4d5e6f708192a3b4c5d6e7f8';

/** `WindowsImageBackup/<Computer>/`: MediaId, Catalog, and a dated folder of images and XML. */
export async function writeWindowsImageBackup(root: string): Promise<void> {
  const computer = join(root, 'WindowsImageBackup', 'PC-0042');
  await writeTree(computer, {
    MediaId: new Uint8Array(16).fill(7),
    'Catalog/GlobalCatalog': new Uint8Array(512),
    'Catalog/BackupGlobalCatalog': new Uint8Array(512),
    'Backup 2024-05-01 120000/BackupSpecs.xml': '<BackupSpecs/>',
    'Backup 2024-05-01 120000/4e1c2a9d-volume.vhdx': new Uint8Array(8192),
  });
}

/**
 * An iOS backup folder: Manifest.db (SQLite, table Files), Manifest.plist with IsEncrypted,
 * Info.plist, Status.plist, and files named by SHA-1 in two-hex-digit folders.
 */
export async function writeIosBackup(
  root: string,
  options: { encrypted: boolean; binaryPlist: boolean },
): Promise<string> {
  const folder = join(root, iosDeviceId);
  const manifest = {
    IsEncrypted: options.encrypted,
    Version: '10.0',
    Lockdown: { DeviceName: 'iPhone' },
  };
  const fileId = 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12';
  await writeTree(folder, {
    'Manifest.plist': options.binaryPlist ? buildBinary(manifest) : build(manifest),
    'Info.plist': build({ 'Device Name': 'iPhone', 'Product Type': 'iPhone12,1' }),
    'Status.plist': build({ BackupState: 'new', IsFullBackup: true }),
    [`ab/${fileId}`]: 'sms database bytes',
  });
  run(folder, 'sqlite3', [
    'Manifest.db',
    `CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB); INSERT INTO Files VALUES ('${fileId}', 'HomeDomain', 'Library/SMS/sms.db', 1, NULL);`,
  ]);
  return folder;
}

/** A Time Machine network bundle: sparse bundle files plus the Time Machine machine id. */
export async function writeTimeMachineBundle(root: string): Promise<string> {
  const bundle = join(root, 'MacBook.backupbundle');
  await writeSparseBundle(bundle);
  await writeTree(bundle, {
    'com.apple.TimeMachine.MachineID.plist': build({
      'com.apple.backupd.HostUUID': '9A1F0C2E-0000-4000-8000-000000000001',
      VerificationState: 1,
    }),
  });
  return bundle;
}

/** A plain sparse bundle disk image (Info.plist, Info.bckup, token, bands/). */
export async function writeSparseBundle(bundle: string): Promise<void> {
  const info = build({
    CFBundleInfoDictionaryVersion: '6.0',
    'band-size': 8388608,
    'bundle-backingstore-version': 1,
    'diskimage-bundle-type': 'com.apple.diskimage.sparsebundle',
    size: 107374182400,
  });
  await writeTree(bundle, {
    'Info.plist': info,
    'Info.bckup': info,
    token: '',
    'bands/0': new Uint8Array(4096),
    'bands/1': new Uint8Array(4096),
  });
}

/** A local Time Machine destination: `Backups.backupdb/<Computer>/<date>/<Volume>/...`. */
export async function writeBackupsBackupdb(root: string): Promise<string> {
  const folder = join(root, 'Backups.backupdb');
  await writeTree(folder, {
    'MacBook/2024-05-01-120000/Macintosh HD/Users/ann/notes.txt': 'notes\n',
  });
  return folder;
}

/** A Clonezilla image folder: disk and partition lists, partition table dumps, partclone parts. */
export async function writeClonezillaImage(root: string): Promise<string> {
  const folder = join(root, '2024-05-01-12-img');
  await writeTree(folder, {
    disk: 'sda\n',
    parts: 'sda1 sda2\n',
    'sda-pt.sf': 'label: dos\n',
    'sda-mbr': new Uint8Array(512),
    'sda1.ext4-ptcl-img.gz.aa': new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]),
    'Info-dmi.txt': 'dmidecode output\n',
    'clonezilla-img': 'This image was saved by Clonezilla\n',
  });
  return folder;
}

/** A Kopia repository on filesystem storage: its format blob and pack and index blobs. */
export async function writeKopiaRepository(root: string): Promise<string> {
  const folder = join(root, 'kopia-repo');
  await writeTree(folder, {
    'kopia.repository.f':
      '{"uniqueID":"AAAA","keyAlgo":"HMAC-SHA256-128","encryption":"AES256-GCM-HMAC-SHA256"}',
    'kopia.blobcfg.f': '{}',
    'p0a/1b2c3d4e5f60718293a4b5c6d7e8f90a1-s0123456789abcdef.f': new Uint8Array(4096).fill(3),
    'n7f/8e9d0c1b2a39485766a5b4c3d2e1f0a9.f': new Uint8Array(1024).fill(5),
  });
  return folder;
}

/** Duplicati 2 volumes: a dlist, a dblock and a dindex, encrypted (`.aes`) or not. */
export async function writeDuplicatiFolder(root: string, encrypted: boolean): Promise<string> {
  const folder = join(root, encrypted ? 'duplicati-aes' : 'duplicati-zip');
  const suffix = encrypted ? '.zip.aes' : '.zip';
  const content = encrypted ? 'AES\u0002\u0000' : 'PK\u0003\u0004';
  await writeTree(folder, {
    [`duplicati-20240501T120000Z.dlist${suffix}`]: content,
    [`duplicati-b0123456789abcdef0123456789abcdef.dblock${suffix}`]: content,
    [`duplicati-i0123456789abcdef0123456789abcdef.dindex${suffix}`]: content,
  });
  return folder;
}

/**
 * Folders that must not count as backups although they hold some marker names: a project with
 * `README`, `config`, `data/` and `keys/` (restic and Borg markers, without the rest), and photos.
 */
export async function writeOrdinaryFolders(
  root: string,
): Promise<{ project: string; photos: string }> {
  const project = join(root, 'project');
  await writeTree(project, {
    README: 'How to build\n',
    config: 'debug = true\n',
    'data/seed.csv': 'id,name\n1,a\n',
    'keys/dev.pem': '-----BEGIN PUBLIC KEY-----\n',
    'src/main.c': 'int main(void) { return 0; }\n',
    'src/main.c.bak': 'int main(void) { return 1; }\n',
    'db/migrations/001_full_schema.sql': 'CREATE TABLE t (id int);\n',
  });
  const photos = join(root, 'photos');
  await writeTree(photos, { 'a.jpg': new Uint8Array(2048), 'b.jpg': new Uint8Array(2048) });
  return { project, photos };
}
