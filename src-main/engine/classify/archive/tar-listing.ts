import type { ArchiveEntry, ArchiveListing } from './archive-entry.ts';
import type { ArchiveLimits } from './archive-limits.ts';
import type { ArchiveReader } from './archive-reader.ts';
import {
  gnuLongNameType,
  parseGnuLongName,
  parsePaxPath,
  parseTarHeader,
  paxHeaderType,
  tarBlockBytes,
} from './tar-header.ts';

type TarLimits = Pick<ArchiveLimits, 'maxEntries' | 'maxMemberNameBytes'>;

/**
 * Lists a tar by walking its headers: read a header, skip its data by the stated size, read the
 * next. Every size is checked against the file before it is used; the reader's budget bounds the
 * reads, `maxEntries` the members listed.
 */
export async function listTar(reader: ArchiveReader, limits: TarLimits): Promise<ArchiveListing> {
  const entries: ArchiveEntry[] = [];
  let offset = 0;
  let pendingName: string | null = null;

  while (entries.length < limits.maxEntries) {
    // Read and parse the next header
    const block = await reader.read(offset, tarBlockBytes);
    if (block === null) {
      const atEnd = offset >= reader.sizeBytes;
      return listing(entries, atEnd, atEnd ? null : 'stopped at the read budget');
    }
    const header = parseTarHeader(block);
    if (header === 'end') {
      return listing(entries, true, null);
    }
    if (header === null) {
      return listing(entries, false, `no valid tar header at offset ${offset}`);
    }

    // Skip the data, whose size must fit the file
    const dataOffset = offset + tarBlockBytes;
    const next = dataOffset + Math.ceil(header.sizeBytes / tarBlockBytes) * tarBlockBytes;

    // Long names arrive in a member of their own, before the member they name
    if (header.type === paxHeaderType || header.type === gnuLongNameType) {
      pendingName = (await readMemberName(reader, dataOffset, header, limits)) ?? pendingName;
    } else {
      entries.push({
        path: pendingName ?? header.name,
        sizeBytes: header.sizeBytes,
        isDirectory: header.type === '5' || header.name.endsWith('/'),
      });
      pendingName = null;
    }
    if (dataOffset + header.sizeBytes > reader.sizeBytes) {
      return listing(entries, false, 'archive cut short');
    }
    offset = next;
  }
  return listing(entries, false, `listed the first ${entries.length} entries`);
}

async function readMemberName(
  reader: ArchiveReader,
  dataOffset: number,
  header: { sizeBytes: number; type: string },
  limits: TarLimits,
): Promise<string | null> {
  if (header.sizeBytes > limits.maxMemberNameBytes) {
    return null;
  }
  const data = await reader.read(dataOffset, header.sizeBytes);
  if (data === null) {
    return null;
  }
  return header.type === paxHeaderType ? parsePaxPath(data) : parseGnuLongName(data);
}

function listing(entries: ArchiveEntry[], complete: boolean, note: string | null): ArchiveListing {
  return { entries, complete, note };
}
