import type { Classification } from './classification.ts';
import type { Detection, SampleContext } from './detection.ts';
import { detectors } from './detectors.ts';
import { detectByExtension } from './extension-hints.ts';
import type { FileSample } from './file-sample.ts';
import type { FileName } from './file-name.ts';
import { nameSaysBackup, parseFileName } from './file-name.ts';
import { createSampleView } from './sample-view.ts';

/**
 * Classifies a file from its head and tail bytes and its name. Pure and total: any bytes give a
 * well-formed classification. Content wins over the name; the name only decides for generic
 * containers, and stands alone (with low confidence) for backup-only extensions.
 */
export function classifySample(sample: FileSample): Classification {
  // An empty file holds nothing, whatever its name
  const view = createSampleView(sample);
  const base = { path: sample.path, sizeBytes: view.sizeBytes };
  if (view.sizeBytes === 0) {
    return { ...base, ...unrecognised(0) };
  }

  // Content first, then the extension alone
  const context: SampleContext = { view, name: parseFileName(sample.path) };
  const detection = detectContent(context) ?? detectByExtension(context.name);
  if (detection === null) {
    return { ...base, ...unrecognised(view.sizeBytes) };
  }
  return { ...base, ...verdict(detection, context.name) };
}

function detectContent(context: SampleContext): Detection | null {
  for (const detect of detectors) {
    const detection = detect(context);
    if (detection !== null) {
      return detection;
    }
  }
  return null;
}

type Verdict = Omit<Classification, 'path' | 'sizeBytes'>;

/** The reason a document format gets: its format alone makes it no backup. */
export const documentFormatReason = 'document format, not a backup';

/** The reason a generic container gets when its name does not make it a backup. */
export const unnamedContainerReason = 'name does not say backup';

/** Applies the detection's backup rule; a file that is not a backup is always `not-backup`. */
function verdict(detection: Detection, name: FileName): Verdict {
  // Decide by the rule
  const reasons = [...detection.reasons];
  const isBackup = decideBackup(detection, name, reasons);

  return {
    isBackup,
    format: detection.format,
    category: isBackup ? detection.category : 'not-backup',
    confidence: detection.confidence,
    encrypted: detection.encrypted,
    reasons,
  };
}

function decideBackup(detection: Detection, name: FileName, reasons: string[]): boolean {
  switch (detection.rule) {
    case 'always':
      return true;
    case 'never':
      reasons.push(documentFormatReason);
      return false;
    case 'when-named': {
      const innerNames = detection.innerNames ?? [];
      const saysBackup = name.saysBackup || innerNames.some((inner) => nameSaysBackup(inner));
      reasons.push(saysBackup ? 'name says backup' : unnamedContainerReason);
      return saysBackup;
    }
  }
}

function unrecognised(sizeBytes: number): Verdict {
  return {
    isBackup: false,
    format: null,
    category: 'not-backup',
    confidence: null,
    encrypted: null,
    reasons: [sizeBytes === 0 ? 'empty file' : 'no known signature'],
  };
}
