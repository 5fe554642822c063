import { maxTailBytes } from '../file-sample.ts';
import type { ArchiveEntry, ArchiveListing } from './archive-entry.ts';
import type { ArchiveLimits } from './archive-limits.ts';
import type { ArchiveReader } from './archive-reader.ts';
import type { DirectoryFields, ZipEntry } from './zip-directory.ts';
import {
  findEndRecord,
  locateDirectory,
  parseCentralDirectory,
  parseZip64EndRecord,
  zip64EndRecordBytes,
} from './zip-directory.ts';

/** A zip's listing, with the zip-specific fields that tell encryption. */
export interface ZipListing extends ArchiveListing {
  zipEntries: ZipEntry[];
}

type ZipLimits = Pick<
  ArchiveLimits,
  'maxEndSearchBytes' | 'maxCentralDirectoryBytes' | 'maxEntries'
>;

/**
 * Lists a zip from its central directory: the end record from the tail (the sample's tail first,
 * then up to `maxEndSearchBytes`), the zip64 end record when the end record points to one, then
 * at most `maxCentralDirectoryBytes` of the directory, where the record says or, for an archive
 * behind a stub, where it ends. At most four reads beyond the sample.
 */
export async function listZip(reader: ArchiveReader, limits: ZipLimits): Promise<ZipListing> {
  // Find the end record, in the sample's tail if it is there
  const end =
    (await findEnd(reader, maxTailBytes)) ?? (await findEnd(reader, limits.maxEndSearchBytes));
  if (end === null) {
    return partial('no end of central directory record');
  }

  // Take the directory's place from the zip64 record when the end record defers to it
  let fields: DirectoryFields = end;
  let limitOffset = end.offset;
  if (end.zip64RecordOffset !== null) {
    const record = await reader.read(end.zip64RecordOffset, zip64EndRecordBytes);
    const zip64 = record === null ? null : parseZip64EndRecord(record);
    if (zip64 === null || end.zip64RecordOffset > end.offset) {
      return partial('unreadable zip64 end record');
    }
    fields = zip64;
    limitOffset = end.zip64RecordOffset;
  }
  const locations = locateDirectory(fields, limitOffset);
  if (locations.length === 0) {
    return partial('central directory outside the file');
  }

  // Read the directory, or its first part, where the first header is found
  for (const location of locations) {
    const readBytes = Math.min(location.length, limits.maxCentralDirectoryBytes);
    const bytes = await reader.read(location.offset, readBytes);
    if (bytes === null) {
      return partial('central directory beyond the read budget');
    }
    const maxEntries = Math.min(location.entryCount, limits.maxEntries);
    const zipEntries = parseCentralDirectory(bytes, maxEntries);
    if (zipEntries.length > 0 || location.entryCount === 0) {
      const complete = zipEntries.length === location.entryCount;
      const note = complete
        ? null
        : `listed ${zipEntries.length} of ${location.entryCount} entries`;
      return { entries: zipEntries.map(toArchiveEntry), zipEntries, complete, note };
    }
  }
  return partial('no central directory header where the end record points');
}

async function findEnd(reader: ArchiveReader, searchBytes: number) {
  const length = Math.min(reader.sizeBytes, searchBytes);
  const tail = await reader.read(reader.sizeBytes - length, length);
  return tail === null ? null : findEndRecord(tail, reader.sizeBytes);
}

function toArchiveEntry(entry: ZipEntry): ArchiveEntry {
  const isDirectory = entry.name.endsWith('/');
  return { path: entry.name, sizeBytes: isDirectory ? 0 : entry.uncompressedBytes, isDirectory };
}

function partial(note: string): ZipListing {
  return { entries: [], zipEntries: [], complete: false, note };
}
