import { Agent, request } from 'node:https';
import type { ConnectionOptions } from 'node:tls';

import { describeNetworkError } from '../describe-error.ts';

/** The most of a response body read; SIEM answers are a few dozen bytes. */
export const maxResponseBytes = 64 * 1024;

/** One POST request. */
export interface HttpsPostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  tls: ConnectionOptions;
  agent: Agent;
  /** How long the whole exchange may take. */
  timeoutMs: number;
}

/** The answer: status and the body's first `maxResponseBytes`, decoded as UTF-8. */
export interface HttpsPostResponse {
  status: number;
  body: string;
}

export type HttpsPostResult =
  { ok: true; response: HttpsPostResponse } | { ok: false; reason: string };

/**
 * POSTs a body over HTTPS with the certificate verified, within a deadline, reading at most
 * `maxResponseBytes` of the answer. Network failures are results, never throws.
 */
export function httpsPost(post: HttpsPostRequest): Promise<HttpsPostResult> {
  return new Promise((resolve) => {
    const body = Buffer.from(post.body, 'utf8');
    const outgoing = request(post.url, {
      ...post.tls,
      method: 'POST',
      agent: post.agent,
      headers: { ...post.headers, 'content-length': String(body.byteLength) },
      signal: AbortSignal.timeout(post.timeoutMs),
    });

    // Failures, including the deadline
    outgoing.on('error', (error) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      resolve({
        ok: false,
        reason: timedOut ? `no answer within ${post.timeoutMs} ms` : describeNetworkError(error),
      });
    });

    // The answer, bounded
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (bytes > maxResponseBytes) {
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ ok: true, response: { status: response.statusCode ?? 0, body: text } });
      });
    });

    outgoing.end(body);
  });
}
