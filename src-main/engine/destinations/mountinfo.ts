import type { Logger } from '../base/logger.ts';
import { readBoundedText } from './bounded-read.ts';

/** The Linux mount table of the calling process. */
export const defaultMountInfoPath = '/proc/self/mountinfo';

/** Mount tables of hosts with thousands of container mounts stay well below this. */
export const maxMountInfoBytes = 16 * 1024 * 1024;

/** One line of `/proc/<pid>/mountinfo`, with its escapes decoded (see proc(5)). */
export interface MountEntry {
  mountId: number;
  parentId: number;
  /** The `major:minor` of the mounted filesystem's device. */
  deviceNumber: string;
  /** The folder of the filesystem that is mounted, `/` for the whole filesystem. */
  root: string;
  mountPoint: string;
  fsType: string;
  /** The mount source: a device such as `/dev/sdb1`, an image path, or a name such as `fusefat`. */
  source: string;
  /** The per-mount options, such as `rw` and `nosuid`. */
  options: string[];
}

/**
 * Parses mountinfo text. Lines that do not have the documented shape are skipped and counted, so
 * that one odd line never hides the others.
 */
export function parseMountInfo(text: string): { entries: MountEntry[]; skippedLines: number } {
  const entries: MountEntry[] = [];
  let skippedLines = 0;

  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    const entry = parseMountInfoLine(line);
    if (entry === null) {
      skippedLines++;
    } else {
      entries.push(entry);
    }
  }

  return { entries, skippedLines };
}

/** Parses one mountinfo line; null when it does not have the documented shape. */
export function parseMountInfoLine(line: string): MountEntry | null {
  // Split at the separator between the per-mount and the per-filesystem fields
  const fields = line.split(' ');
  const separatorIndex = fields.indexOf('-', 6);
  if (separatorIndex < 0 || fields.length < separatorIndex + 3) {
    return null;
  }

  // Read the fixed fields
  const [mountIdText, parentIdText, deviceNumber, root, mountPoint, optionsText] = fields;
  const fsType = fields[separatorIndex + 1];
  const source = fields[separatorIndex + 2];
  if (
    mountIdText === undefined ||
    parentIdText === undefined ||
    deviceNumber === undefined ||
    root === undefined ||
    mountPoint === undefined ||
    optionsText === undefined ||
    fsType === undefined ||
    source === undefined
  ) {
    return null;
  }

  // Check the numbers
  const mountId = Number(mountIdText);
  const parentId = Number(parentIdText);
  if (!Number.isInteger(mountId) || !Number.isInteger(parentId)) {
    return null;
  }

  return {
    mountId,
    parentId,
    deviceNumber,
    root: decodeMountField(root),
    mountPoint: decodeMountField(mountPoint),
    fsType: decodeMountField(fsType),
    source: decodeMountField(source),
    options: optionsText.split(','),
  };
}

/** Decodes the kernel's three-digit octal escapes, such as `\040` for a space. */
export function decodeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_escape, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}

/**
 * Reads and parses a mountinfo file. A missing or unreadable file is logged and gives an empty
 * table, since callers treat the mount table as one more hint among several.
 */
export async function readMountInfo(path: string, logger: Logger): Promise<MountEntry[]> {
  const result = await readBoundedText(path, maxMountInfoBytes);
  if (!result.ok) {
    logger.warn(`Could not read the mount table: ${result.message}`);
    return [];
  }

  const { entries, skippedLines } = parseMountInfo(result.text);
  if (skippedLines > 0) {
    logger.warn(`Skipped ${skippedLines} malformed lines of ${path}`);
  }
  return entries;
}
