import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import type { ClassifyFailureCode } from './classification.ts';
import type { FileSample } from './file-sample.ts';

/** How many bytes to read from each end of a file. */
export interface SampleLimits {
  maxHeadBytes: number;
  maxTailBytes: number;
}

export type ReadSampleResult =
  { ok: true; sample: FileSample } | { ok: false; code: ClassifyFailureCode; message: string };

/** Error codes that mean the path is not there (any more). */
const notFoundCodes: readonly string[] = ['ENOENT', 'ENOTDIR'];

/**
 * Open flags. O_NONBLOCK keeps a FIFO from blocking the open until a writer appears; Windows has
 * no such flag and no FIFOs reachable by path.
 */
const openFlags = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NONBLOCK);

/**
 * Reads the head and the tail of a regular file: at most two reads, whatever its size. Expected
 * file-system failures (missing, not a regular file, no permission) come back as values.
 */
export async function readFileSample(
  path: string,
  limits: SampleLimits,
): Promise<ReadSampleResult> {
  // Refuse special files before opening them: opening a device can have side effects
  const before = await statOrFailure(path);
  if (!before.ok) {
    return before;
  }

  // Open, and check again on the open handle, which cannot be swapped underneath
  let handle: FileHandle;
  try {
    handle = await open(path, openFlags);
  } catch (error) {
    return failureFrom(error);
  }
  try {
    return await readOpenFile(handle, path, limits);
  } catch (error) {
    return failureFrom(error);
  } finally {
    await handle.close();
  }
}

async function statOrFailure(path: string): Promise<{ ok: true } | ReadSampleResult> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? { ok: true } : notRegularFile();
  } catch (error) {
    return failureFrom(error);
  }
}

async function readOpenFile(
  handle: FileHandle,
  path: string,
  limits: SampleLimits,
): Promise<ReadSampleResult> {
  // Confirm a regular file and take its size
  const stats = await handle.stat();
  if (!stats.isFile()) {
    return notRegularFile();
  }
  const sizeBytes = stats.size;

  // Read the head; a small file's tail is the end of its head
  const head = await readAt(handle, 0, Math.min(sizeBytes, limits.maxHeadBytes));
  const tailBytes = Math.min(sizeBytes, limits.maxTailBytes);
  const tail =
    head.length === sizeBytes
      ? head.subarray(head.length - tailBytes)
      : await readAt(handle, sizeBytes - tailBytes, tailBytes);

  return { ok: true, sample: { path, sizeBytes, head, tail } };
}

/** Reads up to `length` bytes at `position`; shorter when the file shrank meanwhile. */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.max(0, length));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(
      buffer,
      filled,
      buffer.length - filled,
      position + filled,
    );
    if (bytesRead === 0) {
      break;
    }
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function notRegularFile(): ReadSampleResult {
  return { ok: false, code: 'not-regular-file', message: 'Not a regular file.' };
}

/** Maps a file-system error to a failure value; anything that is not one is a bug and rethrown. */
function failureFrom(error: unknown): ReadSampleResult {
  if (!isSystemError(error)) {
    throw error;
  }
  const code = notFoundCodes.includes(error.code) ? 'not-found' : 'unreadable';
  return { ok: false, code, message: error.message };
}

function isSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}
