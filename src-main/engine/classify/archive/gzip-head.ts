import { constants, createGunzip } from 'node:zlib';

/**
 * Decompresses as much of a gzip stream's first bytes as they hold, up to `maxOutputBytes`. A
 * truncated or corrupt stream gives what came out before the damage, never an error, and the
 * output bound stops a small head that expands enormously (a run of zeros) early.
 */
export function gunzipHead(head: Uint8Array, maxOutputBytes: number): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;

    // Settle once, with what has come out so far
    const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    const finish = (): void => {
      if (!settled) {
        settled = true;
        gunzip.destroy();
        resolve(new Uint8Array(Buffer.concat(chunks)).subarray(0, maxOutputBytes));
      }
    };

    // Collect up to the bound
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= maxOutputBytes) {
        finish();
      }
    });
    gunzip.on('error', finish);
    gunzip.on('end', finish);
    gunzip.on('close', finish);
    gunzip.end(head);
  });
}
