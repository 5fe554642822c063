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

/** A failure to open or read a file, as a value. */
export interface ReadFailure {
  ok: false;
  code: ClassifyFailureCode;
  message: string;
}

export type ReadSampleResult = { ok: true; sample: FileSample } | ReadFailure;

/** A regular file held open, with its size taken from the open handle. */
export interface OpenRegularFile {
  readonly sizeBytes: number;
  /** Reads up to `length` bytes at `position`; fewer when the file shrank meanwhile. */
  readonly readAt: (position: number, length: number) => Promise<Uint8Array>;
}

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
  return withRegularFile(path, async (file) => ({
    ok: true,
    sample: await readSample(file, path, limits),
  }));
}

/**
 * Opens `path` if it is a regular file and runs `use` on it, closing it afterwards. Expected
 * file-system failures, before or during `use`, come back as values; anything else is rethrown.
 */
export async function withRegularFile<T>(
  path: string,
  use: (file: OpenRegularFile) => Promise<T>,
): Promise<T | ReadFailure> {
  // Refuse special files before opening them: opening a device can have side effects
  const before = await statOrFailure(path);
  if (before !== null) {
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
    const stats = await handle.stat();
    if (!stats.isFile()) {
      return notRegularFile();
    }
    const sizeBytes = stats.size;
    return await use({ sizeBytes, readAt: (position, length) => readAt(handle, position, length) });
  } catch (error) {
    return failureFrom(error);
  } finally {
    await handle.close();
  }
}

/** Reads the head, and the tail unless the head already holds it. */
export async function readSample(
  file: OpenRegularFile,
  path: string,
  limits: SampleLimits,
): Promise<FileSample> {
  const sizeBytes = file.sizeBytes;
  const head = await file.readAt(0, Math.min(sizeBytes, limits.maxHeadBytes));
  const tailBytes = Math.min(sizeBytes, limits.maxTailBytes);
  const tail =
    head.length === sizeBytes
      ? head.subarray(head.length - tailBytes)
      : await file.readAt(sizeBytes - tailBytes, tailBytes);

  return { path, sizeBytes, head, tail };
}

async function statOrFailure(path: string): Promise<ReadFailure | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? null : notRegularFile();
  } catch (error) {
    return failureFrom(error);
  }
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

function notRegularFile(): ReadFailure {
  return { ok: false, code: 'not-regular-file', message: 'Not a regular file.' };
}

/** Maps a file-system error to a failure value; anything that is not one is a bug and rethrown. */
function failureFrom(error: unknown): ReadFailure {
  if (!isSystemError(error)) {
    throw error;
  }
  const code = notFoundCodes.includes(error.code) ? 'not-found' : 'unreadable';
  return { ok: false, code, message: error.message };
}

function isSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}
