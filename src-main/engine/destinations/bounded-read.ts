import { open } from 'node:fs/promises';

/** Why a small file could not be read. These are expected outcomes, not bugs. */
export type ReadFailureCode = 'missing' | 'not-regular-file' | 'too-large' | 'unreadable';

export type ReadTextResult =
  { ok: true; text: string } | { ok: false; code: ReadFailureCode; message: string };

const chunkBytes = 64 * 1024;

/**
 * Reads a small text file of untrusted content, refusing anything that is not a regular file or
 * that grows beyond `maxBytes`. Reads until end of file rather than trusting the reported size,
 * because `/proc` files report a size of zero. A UTF-16 byte-order mark selects UTF-16LE;
 * anything else is read as UTF-8 with a leading byte-order mark dropped.
 */
export async function readBoundedText(path: string, maxBytes: number): Promise<ReadTextResult> {
  // Open and check the kind
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return failureFromError(path, error);
  }

  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      return { ok: false, code: 'not-regular-file', message: `${path} is not a regular file` };
    }

    // Read chunks up to the limit
    const chunks: Buffer[] = [];
    let totalBytes = 0;
    for (;;) {
      const buffer = Buffer.alloc(chunkBytes);
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) {
        break;
      }
      totalBytes += bytesRead;
      if (totalBytes > maxBytes) {
        return {
          ok: false,
          code: 'too-large',
          message: `${path} is larger than ${maxBytes} bytes`,
        };
      }
      chunks.push(buffer.subarray(0, bytesRead));
    }

    return { ok: true, text: decodeText(Buffer.concat(chunks)) };
  } catch (error) {
    return failureFromError(path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function failureFromError(path: string, error: unknown): ReadTextResult {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return { ok: false, code: 'missing', message: `${path} does not exist` };
  }
  if (code === 'EISDIR') {
    return { ok: false, code: 'not-regular-file', message: `${path} is a directory` };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, code: 'unreadable', message: `${path} could not be read: ${detail}` };
}
