/**
 * Name hints. A name alone never proves a format, but it tells a backup zip from a zip of photos,
 * and it is the only evidence for formats without a public signature.
 */
export interface FileName {
  /** The last path component, as given. */
  baseName: string;
  /** The text after the last dot, lower-cased, without the dot; empty when there is none. */
  extension: string;
  /** Whether the name says the file is a backup, a dump or a snapshot. */
  saysBackup: boolean;
}

/** Words that mark a backup wherever they appear in a name, even glued to others (`mybackup`). */
export const backupNameFragments: readonly string[] = ['backup', 'snapshot', 'sicherung'];

/**
 * Words that mark a backup only as a whole word of the name, because they are too short to be
 * searched inside other words (`dump` in `dumpling`, `full` in `fullscreen`).
 */
export const backupNameWords: readonly string[] = [
  'bak',
  'bck',
  'bkp',
  'backups',
  'dump',
  'dumps',
  'dumpall',
  'full',
  'incr',
  'incremental',
  'differential',
  'sql',
  'mysqldump',
  'pgdump',
  'vzdump',
  'vbk',
  'vib',
  'vrb',
  'tib',
  'tibx',
  'bkf',
  'mrimg',
  'mrimgx',
];

/** Splits a path into the hints the classifier uses. Accepts `/` and `\` separators. */
export function parseFileName(path: string): FileName {
  // Take the last component
  const baseName = path.split(/[\\/]/).pop() ?? '';
  const lastDot = baseName.lastIndexOf('.');
  const extension = lastDot > 0 ? baseName.slice(lastDot + 1).toLowerCase() : '';

  return { baseName, extension, saysBackup: nameSaysBackup(baseName) };
}

/** Whether `name` says backup, by a fragment anywhere or by a whole word. */
export function nameSaysBackup(name: string): boolean {
  const lowerName = name.toLowerCase();
  if (backupNameFragments.some((fragment) => lowerName.includes(fragment))) {
    return true;
  }

  const words = lowerName.split(/[^a-z0-9]+/);
  return words.some((word) => backupNameWords.includes(word));
}
