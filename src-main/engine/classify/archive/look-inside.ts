import type { Classification } from '../classification.ts';
import {
  classifySample,
  documentFormatReason,
  unnamedContainerReason,
} from '../classify-sample.ts';
import type { FileSample } from '../file-sample.ts';
import { maxTailBytes } from '../file-sample.ts';
import { parseFileName } from '../file-name.ts';
import { detectGzip } from '../formats/archives.ts';
import { createSampleView } from '../sample-view.ts';
import type { ArchiveListing } from './archive-entry.ts';
import type { ArchiveLimits } from './archive-limits.ts';
import type { ReadAt } from './archive-reader.ts';
import { createFileReader, createMemoryReader } from './archive-reader.ts';
import type { EntryFinding } from './entry-findings.ts';
import { findBackupEntries } from './entry-findings.ts';
import { gunzipHead } from './gzip-head.ts';
import { listTar } from './tar-listing.ts';
import type { ZipListing } from './zip-listing.ts';
import { listZip } from './zip-listing.ts';

/** Document packages: zips whose parts are named by their producers. */
const documentFormats: readonly string[] = ['ooxml', 'odf', 'epub', 'jar', 'apk'];

/** How many findings are named in the reasons; the rest are counted. */
const maxNamedFindings = 3;

/** Whether the classifier lists the members of a file of this format. */
export function canLookInside(classification: Classification): boolean {
  const format = classification.format ?? '';
  return (
    format === 'zip' || format === 'tar' || format === 'gzip' || documentFormats.includes(format)
  );
}

/**
 * Refines a zip, tar, gzip or document classification by its members: a member that is a backup,
 * or a folder in it laid out as a backup repository, makes the file a backup. Reads beyond the
 * sample go through `readAt`, within `limits`; a gzip is judged from its head sample alone.
 */
export async function lookInside(
  classification: Classification,
  sample: FileSample,
  readAt: ReadAt,
  limits: ArchiveLimits,
): Promise<Classification> {
  const reader = createFileReader(sample, readAt, limits);
  const inDocument = documentFormats.includes(classification.format ?? '');
  const options = { inDocument, maxLayoutDepth: limits.maxLayoutDepth };

  switch (classification.format) {
    case 'tar': {
      const listing = await listTar(reader, limits);
      return applyListing(classification, listing, findBackupEntries(listing.entries, options));
    }
    case 'gzip':
      return lookInsideGzip(classification, sample, limits);
    default: {
      const listing = await listZip(reader, limits);
      const findings = findBackupEntries(listing.entries, options);
      return applyListing(withZipEncryption(classification, listing), listing, findings);
    }
  }
}

/** A gzip's head, decompressed: a tar in it is listed, anything else classified by its magic. */
async function lookInsideGzip(
  classification: Classification,
  sample: FileSample,
  limits: ArchiveLimits,
): Promise<Classification> {
  // Decompress the head sample only
  const inner = await gunzipHead(sample.head, limits.maxGunzipBytes);
  if (inner.length === 0) {
    return classification;
  }
  const innerSample: FileSample = {
    path: innerName(sample),
    sizeBytes: inner.length,
    head: inner,
    tail: inner.subarray(Math.max(0, inner.length - maxTailBytes)),
  };
  const innerClassification = classifySample(innerSample);

  // A tar: list what the decompressed head holds
  if (innerClassification.format === 'tar') {
    const listing = await listTar(createMemoryReader(inner), limits);
    const options = { inDocument: false, maxLayoutDepth: limits.maxLayoutDepth };
    const findings = findBackupEntries(listing.entries, options);
    return applyListing(classification, { ...listing, note: gzipNote(listing, inner) }, findings);
  }

  // Anything else that is a backup by its own content, such as a plain SQL dump
  const category = innerClassification.category;
  if (category === 'not-backup' || category === 'generic-archive') {
    return classification;
  }
  const format = innerClassification.format ?? 'a backup';
  const reason = `gzip holds ${format} (${innerClassification.reasons.join(', ')})`;
  return applyFindings(classification, [{ category, reason }]);
}

/** Records what the listing found, or that it found nothing, in the classification. */
function applyListing(
  classification: Classification,
  listing: ArchiveListing,
  findings: EntryFinding[],
): Classification {
  if (findings.length > 0) {
    return applyFindings(classification, findings, listing.note);
  }

  const listed = `listed ${listing.entries.length} entries, none a backup`;
  const reasons = [...classification.reasons, listed];
  if (listing.note !== null) {
    reasons.push(listing.note);
  }
  return { ...classification, reasons };
}

function applyFindings(
  classification: Classification,
  findings: EntryFinding[],
  note: string | null = null,
): Classification {
  // Name a few findings, count the rest
  const reasons = classification.reasons.filter(
    (reason) => reason !== documentFormatReason && reason !== unnamedContainerReason,
  );
  reasons.push(...findings.slice(0, maxNamedFindings).map((finding) => finding.reason));
  if (findings.length > maxNamedFindings) {
    reasons.push(`and ${findings.length - maxNamedFindings} more`);
  }
  if (note !== null) {
    reasons.push(note);
  }

  // Encrypted contents in an archive that is not encrypted itself
  const encryptedFinding = findings.find((finding) => finding.encryptedBecause !== undefined);
  const encrypted = encryptedFinding === undefined ? classification.encrypted : true;
  if (encryptedFinding?.encryptedBecause !== undefined && classification.encrypted !== true) {
    reasons.push(encryptedFinding.encryptedBecause);
  }

  // A backup by name keeps its confidence; a specific category beats the generic one
  const first = findings[0];
  const keepsCategory = classification.isBackup && classification.category !== 'generic-archive';
  return {
    ...classification,
    isBackup: true,
    category: keepsCategory || first === undefined ? classification.category : first.category,
    confidence: classification.isBackup ? classification.confidence : 'medium',
    encrypted,
    reasons,
  };
}

/** A plain zip's encryption from its whole central directory, when the sample could not tell. */
function withZipEncryption(classification: Classification, listing: ZipListing): Classification {
  if (classification.format !== 'zip' || classification.encrypted !== null) {
    return classification;
  }

  const total = listing.zipEntries.length;
  const encryptedCount = listing.zipEntries.filter((entry) => (entry.flags & 0x0001) !== 0).length;
  if (encryptedCount > 0) {
    const reasons = [...classification.reasons, `${encryptedCount} of ${total} entries encrypted`];
    return { ...classification, encrypted: true, reasons };
  }
  if (listing.complete) {
    const reasons = [...classification.reasons, `none of ${total} entries encrypted`];
    return { ...classification, encrypted: false, reasons };
  }
  return classification;
}

/** The name the gzip stored for its content, or the file's own name without `.gz`. */
function innerName(sample: FileSample): string {
  const name = parseFileName(sample.path);
  const stored = detectGzip({ view: createSampleView(sample), name })?.innerNames?.[0];
  if (stored !== undefined) {
    return stored;
  }
  return name.baseName.replace(/\.tgz$/i, '.tar').replace(/\.gz$/i, '');
}

function gzipNote(listing: ArchiveListing, inner: Uint8Array): string {
  const kib = Math.round(inner.length / 1024);
  return listing.complete
    ? `tar inside gzip, ${kib} KiB decompressed`
    : `tar inside gzip: first ${kib} KiB decompressed`;
}
