import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import type { Classification, ClassifyResult } from '../../engine/classify/classification.ts';
import { classifyFile } from '../../engine/classify/classify-file.ts';
import {
  classifyFolder,
  type ClassifyFolderResult,
} from '../../engine/classify/folders/classify-folder.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';

export const classifyUsage =
  'copywarden classify [--json] PATH...  (files, or folders such as a copied repository)';

/**
 * Classifies each file. Exit 0 when every path was read, 2 when one could not be (it is
 * reported, and the others are still classified).
 */
export async function runClassify(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) {
    throw new UsageError('name at least one file to classify');
  }

  let code: number = exitCode.ok;
  for (const path of positionals) {
    const result = await classifyPath(path);
    if (!result.ok) {
      code = exitCode.usage;
      output.error(`${path}: ${result.message}`);
      if (values.json) {
        output.out(JSON.stringify({ path, error: result.code, message: result.message }));
      }
      continue;
    }
    output.out(
      values.json ? JSON.stringify(result.classification) : describe(result.classification),
    );
  }
  return code;
}

/** A folder is classified as one backup when it is laid out as one; anything else as a file. */
async function classifyPath(path: string): Promise<ClassifyResult | ClassifyFolderResult> {
  const isFolder = (await stat(path).catch(() => null))?.isDirectory() === true;
  return isFolder ? classifyFolder(path) : classifyFile(path);
}

function describe(classification: Classification): string {
  const verdict = classification.isBackup ? 'BACKUP' : 'not a backup';
  const format = classification.format ?? 'no known format';
  const encrypted =
    classification.encrypted === null
      ? ''
      : classification.encrypted
        ? ', encrypted'
        : ', not encrypted';
  const confidence =
    classification.confidence === null ? '' : `, ${classification.confidence} confidence`;
  return `${classification.path}: ${verdict} (${format}, ${classification.category}${confidence}${encrypted}): ${classification.reasons.join('; ')}`;
}
