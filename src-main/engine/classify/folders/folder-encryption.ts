import { join } from 'node:path';
import { parse, parseBinary } from 'plist';
import { readBorgKeyType } from '../formats/borg-segment.ts';
import type { LayoutEncryption } from '../layouts/layout-encryption.ts';
import { encryptionFromLayout } from '../layouts/layout-encryption.ts';
import type { FolderFacts } from '../layouts/folder-facts.ts';
import { createSampleView } from '../sample-view.ts';
import { withRegularFile } from '../read-file-sample.ts';
import { listNames } from './list-names.ts';

/** Bytes of a property list or config file read at most; a larger one tells nothing. */
export const maxSmallFileBytes = 1024 * 1024;

/** Bytes of a Borg segment read: its header and the start of its first entry. */
const borgSegmentHeadBytes = 64;

/** Borg segments tried at most, in `data/0/`, to find one that starts with a PUT. */
const maxBorgSegments = 8;

const unknown: LayoutEncryption = { encrypted: null, reason: null };

/**
 * What a layout on disk says about encryption: the layout's names (restic, Kopia, Duplicati,
 * Duplicity), the `IsEncrypted` key of an iOS backup's Manifest.plist, a Borg repository's
 * `key` line or the key type of its first stored object. Bounded reads; failures are unknown.
 */
export async function folderEncryption(
  folder: string,
  format: string,
  facts: FolderFacts,
): Promise<LayoutEncryption> {
  switch (format) {
    case 'ios-backup':
      return iosEncryption(folder);
    case 'borg-repository':
      return borgEncryption(folder);
    default:
      return encryptionFromLayout(format, facts.childNames);
  }
}

/** Manifest.plist's `IsEncrypted`, in the XML or the binary property list format. */
async function iosEncryption(folder: string): Promise<LayoutEncryption> {
  const bytes = await readSmallFile(join(folder, 'Manifest.plist'));
  const manifest = bytes === null ? null : parsePlist(bytes);
  const isEncrypted = manifest?.['IsEncrypted'];
  if (typeof isEncrypted !== 'boolean') {
    return unknown;
  }
  return { encrypted: isEncrypted, reason: `Manifest.plist IsEncrypted ${String(isEncrypted)}` };
}

/** A Borg repository: repokey mode keeps the key in `config`; else the first object tells. */
async function borgEncryption(folder: string): Promise<LayoutEncryption> {
  const config = await readSmallFile(join(folder, 'config'));
  if (config !== null && /^key\s*=/m.test(new TextDecoder().decode(config))) {
    return { encrypted: true, reason: 'Borg key stored in "config" (repokey mode)' };
  }

  // Segments in data/0, lowest number first
  const segmentFolder = join(folder, 'data', '0');
  const segments = (await listNames(segmentFolder, 1024))
    .filter((name) => /^\d+$/.test(name))
    .sort((left, right) => Number(left) - Number(right))
    .slice(0, maxBorgSegments);
  for (const segment of segments) {
    const head = await readHead(join(segmentFolder, segment), borgSegmentHeadBytes);
    const view = createSampleView({ path: segment, sizeBytes: head.length, head, tail: head });
    const keyType = readBorgKeyType(view);
    if (keyType !== null) {
      return { encrypted: keyType.encrypted, reason: `Borg key type ${keyType.label}` };
    }
  }
  return unknown;
}

function parsePlist(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const isBinary = new TextDecoder('latin1').decode(bytes.subarray(0, 6)) === 'bplist';
    // parse() would take bytes for a binary list: XML must be handed over as text
    const value: unknown = isBinary ? parseBinary(bytes) : parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    // A malformed property list is untrusted input that tells nothing
    return null;
  }
}

/** The whole file when it is a regular file of at most `maxSmallFileBytes`, else null. */
async function readSmallFile(path: string): Promise<Uint8Array | null> {
  const result = await withRegularFile(path, async (file) =>
    file.sizeBytes > maxSmallFileBytes ? null : file.readAt(0, file.sizeBytes),
  );
  return result instanceof Uint8Array ? result : null;
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const result = await withRegularFile(path, (file) => file.readAt(0, length));
  return result instanceof Uint8Array ? result : new Uint8Array(0);
}
