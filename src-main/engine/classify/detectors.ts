import type { Detector } from './detection.ts';
import { detectBorgSegment } from './formats/borg-segment.ts';
import {
  detectBzip2,
  detectCompressionMagic,
  detectGzip,
  detectRar,
  detectTar,
  detectZstdSkippable,
} from './formats/archives.ts';
import { detectCredentialMagic, detectPst } from './formats/credential-stores.ts';
import {
  detectDatabaseMagic,
  detectEse,
  detectPgDump,
  detectRedisRdb,
  detectSqlite,
} from './formats/database-dumps.ts';
import { detectAndroidBackup } from './formats/device-backups.ts';
import {
  detectIso9660,
  detectLuks,
  detectQcow,
  detectRawDisk,
  detectVdi,
  detectVhd,
  detectVhdx,
  detectVmdkDescriptor,
  detectVmdkSparse,
} from './formats/disk-images.ts';
import { detectEncryptedWrapper } from './formats/encrypted-wrappers.ts';
import {
  detectAcronisTib,
  detectGhost,
  detectImageBackupMagic,
  detectMacriumX,
  detectV2i,
  detectVeeam,
} from './formats/image-backups.ts';
import { detectMtf } from './formats/mtf.ts';
import { detectSevenZip } from './formats/seven-zip.ts';
import { detectSqlTextDump } from './formats/sql-text-dumps.ts';
import { detectPrefixedZip, detectZip } from './formats/zip.ts';

/**
 * Every detector, in the order they are tried; the first match wins. The order matters where
 * signatures can coexist in one file:
 *
 * 1. Footers first: a fixed VHD holds a guest disk at offset 0, which may look like anything.
 * 2. Specific backup, image and database magics at fixed offsets.
 * 3. Generic containers, which are backups only by name.
 * 4. Weaker whole-disk evidence (ISO, raw disks), then text banners, which are the weakest, and
 *    last a zip found only by its end record (a self-extractor).
 */
export const detectors: readonly Detector[] = [
  // Footers
  detectVhd,
  detectMacriumX,

  // Disk images and system backups
  detectVhdx,
  detectVmdkSparse,
  detectQcow,
  detectVdi,
  detectLuks,
  detectMtf,
  detectVeeam,
  detectAcronisTib,
  detectGhost,
  detectV2i,
  detectBorgSegment,
  detectImageBackupMagic,

  // Databases, credentials and device backups
  detectPgDump,
  detectSqlite,
  detectEse,
  detectRedisRdb,
  detectDatabaseMagic,
  detectPst,
  detectCredentialMagic,
  detectAndroidBackup,

  // Encrypted wrappers and generic containers
  detectEncryptedWrapper,
  detectSevenZip,
  detectZip,
  detectRar,
  detectGzip,
  detectBzip2,
  detectCompressionMagic,
  detectZstdSkippable,
  detectTar,

  // Weaker evidence
  detectIso9660,
  detectRawDisk,
  detectVmdkDescriptor,
  detectSqlTextDump,
  detectPrefixedZip,
];
