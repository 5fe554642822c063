import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import type { TestCertificates } from './certificates.ts';

/** The largest request body the receiver accepts. */
export const maxReceiverBodyBytes = 8 * 1024 * 1024;

/** One request the receiver answered with success. */
export interface ReceivedBatch {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The JSON objects of the body: HEC's concatenated objects, or NDJSON lines. */
  objects: Record<string, unknown>[];
}

/**
 * A small HTTPS receiver in the manner of a Splunk HTTP Event Collector: it checks the token
 * (`Splunk <token>` or `Bearer <token>`), reads concatenated JSON objects, and answers like
 * the collector. Tests can make it fail on purpose, stop it and start it again on the same port.
 */
export interface HecReceiver {
  /** `https://127.0.0.1:<port>` */
  origin: string;
  batches: ReceivedBatch[];
  /** Every object received, in order. */
  objects(): Record<string, unknown>[];
  /** Answers every request with `status` until called with null. */
  failWith(status: number | null): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startHecReceiver(
  certificates: TestCertificates,
  token: string,
): Promise<HecReceiver> {
  const batches: ReceivedBatch[] = [];
  let failure: number | null = null;
  const key = await readFile(certificates.serverKeyFile, 'utf8');
  const cert = await readFile(certificates.serverCertFile, 'utf8');

  // One server; stopping closes it and its connections, starting makes a new one on the port
  let port = 0;
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  const start = async (): Promise<void> => {
    const created = createServer({ key, cert }, (request, response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      request.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (bytes <= maxReceiverBodyBytes) {
          chunks.push(chunk);
        }
      });
      request.on('end', () => {
        const reply = (status: number, text: string, code: number): void => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ text, code }));
        };
        const authorization = request.headers.authorization;
        if (failure !== null) {
          reply(failure, 'Server is busy', 9);
        } else if (bytes > maxReceiverBodyBytes) {
          reply(413, 'Content too large', 27);
        } else if (authorization !== `Splunk ${token}` && authorization !== `Bearer ${token}`) {
          reply(401, 'Invalid token', 4);
        } else {
          batches.push({
            path: request.url ?? '',
            authorization,
            contentType: request.headers['content-type'],
            objects: splitConcatenatedJson(Buffer.concat(chunks).toString('utf8')),
          });
          reply(200, 'Success', 0);
        }
      });
    });
    created.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => created.listen(port, '127.0.0.1', resolve));
    port = (created.address() as AddressInfo).port;
    server = created;
  };
  const stop = async (): Promise<void> => {
    const running = server;
    server = null;
    if (running === null) {
      return;
    }
    const closed = new Promise((resolve) => running.close(resolve));
    for (const socket of sockets) {
      socket.destroy();
    }
    await closed;
  };
  await start();

  return {
    origin: `https://127.0.0.1:${port}`,
    batches,
    objects: () => batches.flatMap((batch) => batch.objects),
    failWith: (status) => {
      failure = status;
    },
    stop,
    start,
    dispose: stop,
  };
}

/** Splits concatenated JSON objects (`{...}{...}` or one per line), as the collector reads them. */
export function splitConcatenatedJson(text: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') {
        index++;
      } else if (character === '"') {
        inString = false;
      }
      continue;
    }
    if (character === '"') {
      inString = true;
    } else if (character === '{') {
      start = depth === 0 ? index : start;
      depth++;
    } else if (character === '}') {
      depth--;
      if (depth === 0) {
        objects.push(JSON.parse(text.slice(start, index + 1)) as Record<string, unknown>);
      }
    }
  }
  return objects;
}
