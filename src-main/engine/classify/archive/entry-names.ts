import type { Detection } from '../detection.ts';
import { backupExtensionHints } from '../extension-hints.ts';
import { nameSaysBackup } from '../file-name.ts';

type Category = Detection['category'];

/** How an archive member's name makes it a backup. */
export interface NameVerdict {
  category: Category;
  /**
   * `strong`: an extension or name that only backups, disk images and credential stores use;
   * `named`: an ambiguous extension whose name also says backup (`full.bak`, `dump.sql`), of
   *   at least `minNamedEntryBytes`;
   * `sized`: an ambiguous extension on a member too large to be an editor's copy.
   */
  strength: 'strong' | 'named' | 'sized';
}

/**
 * Ambiguous members count from this size even when their name says nothing: editors leave small
 * `*.bak` copies and projects hold small `*.sql` scripts, but a 1 MiB `.bak` is rarely a text.
 */
export const minAmbiguousEntryBytes = 1024 * 1024;

/**
 * Members named as backups count from this size: source trees hold small `dump.sql` fixtures,
 * `full_schema.sql` migrations and `backup.zip` test data, which are not backups of anything.
 */
export const minNamedEntryBytes = 64 * 1024;

/** Extensions of credential stores (KeePass, Password Safe). */
const credentialExtensions: readonly string[] = ['kdbx', 'kdb', 'psafe3'];

/** Registry hives that hold password hashes and the keys to them, under `config/`. */
const credentialHives: readonly string[] = ['SAM', 'SECURITY', 'SYSTEM'];

/** Extensions that backups use but other files use too. */
const ambiguousExtensions: Readonly<Record<string, Category>> = {
  bak: 'generic-archive',
  bck: 'generic-archive',
  bkp: 'generic-archive',
  backup: 'generic-archive',
  sql: 'database-dump',
  dump: 'database-dump',
  img: 'disk-image',
  vhd: 'disk-image',
  ab: 'device-backup',
};

/** Extensions that count only when the name says backup, as at the top level. */
const namedOnlyExtensions: Readonly<Record<string, Category>> = {
  db: 'database-dump',
  sqlite: 'database-dump',
  sqlite3: 'database-dump',
  zip: 'generic-archive',
  tar: 'generic-archive',
  tgz: 'generic-archive',
  '7z': 'generic-archive',
  rar: 'generic-archive',
  cpio: 'generic-archive',
};

/** Compression suffixes, looked through to the name they compress (`dump.sql.gz`). */
const compressionExtensions: readonly string[] = ['gz', 'bz2', 'xz', 'zst', 'lz4', 'z'];

/** Judges one archive member by its path and size; null when nothing says backup. */
export function judgeEntryName(path: string, sizeBytes: number | null): NameVerdict | null {
  // Names that are credential stores wherever they appear
  const components = path.split('/');
  const baseName = components.at(-1) ?? '';
  const parentName = components.at(-2)?.toLowerCase();
  if (baseName.toLowerCase() === 'ntds.dit') {
    return { category: 'credential-store', strength: 'strong' };
  }
  if (parentName === 'config' && credentialHives.includes(baseName)) {
    return { category: 'credential-store', strength: 'strong' };
  }

  // Look through one compression suffix
  const { stem, extension } = splitExtension(baseName);
  if (compressionExtensions.includes(extension) && splitExtension(stem).extension !== '') {
    return judgeByExtension(stem, sizeBytes) ?? judgeContainer(baseName, sizeBytes);
  }
  return judgeByExtension(baseName, sizeBytes) ?? judgeContainer(baseName, sizeBytes);
}

function judgeByExtension(baseName: string, sizeBytes: number | null): NameVerdict | null {
  const { stem, extension } = splitExtension(baseName);

  // Extensions only backups use
  const hint = backupExtensionHints[extension];
  if (hint !== undefined) {
    return { category: hint.category, strength: 'strong' };
  }
  if (credentialExtensions.includes(extension)) {
    return { category: 'credential-store', strength: 'strong' };
  }

  // Ambiguous extensions need a name that says backup, or a size
  const ambiguous = ambiguousExtensions[extension];
  if (ambiguous !== undefined && atLeast(sizeBytes, minNamedEntryBytes) && nameSaysBackup(stem)) {
    return { category: ambiguous, strength: 'named' };
  }
  if (ambiguous !== undefined && sizeBytes !== null && sizeBytes >= minAmbiguousEntryBytes) {
    return { category: ambiguous, strength: 'sized' };
  }

  // Extensions that need the whole name to say backup
  const namedOnly = namedOnlyExtensions[extension];
  if (namedOnly === undefined || !atLeast(sizeBytes, minNamedEntryBytes)) {
    return null;
  }
  return nameSaysBackup(baseName) ? { category: namedOnly, strength: 'named' } : null;
}

/** Whether a member is at least `minBytes`; a member of unknown size may be. */
function atLeast(sizeBytes: number | null, minBytes: number): boolean {
  return sizeBytes === null || sizeBytes >= minBytes;
}

/** A compressed file whose whole name says backup, as `home-backup.gz`. */
function judgeContainer(baseName: string, sizeBytes: number | null): NameVerdict | null {
  const { extension } = splitExtension(baseName);
  if (!compressionExtensions.includes(extension) || !atLeast(sizeBytes, minNamedEntryBytes)) {
    return null;
  }
  return nameSaysBackup(baseName) ? { category: 'generic-archive', strength: 'named' } : null;
}

function splitExtension(baseName: string): { stem: string; extension: string } {
  const lastDot = baseName.lastIndexOf('.');
  if (lastDot <= 0) {
    return { stem: baseName, extension: '' };
  }
  return { stem: baseName.slice(0, lastDot), extension: baseName.slice(lastDot + 1).toLowerCase() };
}
