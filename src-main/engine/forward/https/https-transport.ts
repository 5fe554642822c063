import { Agent } from 'node:https';

import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import { readBoundedText } from '../../destinations/bounded-read.ts';
import { describeTarget } from '../describe-target.ts';
import type { FormatContext } from '../formats/product.ts';
import type { HecTargetSettings, WebhookTargetSettings } from '../forwarding-settings.ts';
import { readTlsOptions } from '../tls-options.ts';
import type { DeliveryResult, Transport } from '../transport.ts';
import { hecBatchBody, ndjsonBatchBody } from './batch-bodies.ts';
import { httpsPost } from './https-post.ts';

/** The largest token file read. */
export const maxTokenFileBytes = 4096;

/**
 * POSTs batches to a Splunk HTTP Event Collector (`Authorization: Splunk <token>`) or to a
 * generic NDJSON webhook (`Authorization: Bearer <token>`). Any 2xx answer confirms the batch;
 * anything else is a failure that is retried. The token file is read before each delivery, so a
 * rotated token applies at once.
 */
export class HttpsTransport implements Transport {
  readonly description: string;
  readonly #settings: HecTargetSettings | WebhookTargetSettings;
  readonly #context: FormatContext;
  readonly #timeoutMs: number;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    settings: HecTargetSettings | WebhookTargetSettings,
    context: FormatContext,
    timeoutMs: number,
  ) {
    this.#settings = settings;
    this.#context = context;
    this.#timeoutMs = timeoutMs;
    this.description = describeTarget(settings);
  }

  async deliver(events: readonly ActivityEvent[]): Promise<DeliveryResult> {
    // Credentials and TLS
    const token = await this.#token();
    if (typeof token !== 'string') {
      return { ok: false, reason: token.reason };
    }
    const url = new URL(this.#settings.url);
    const tls = await readTlsOptions(this.#settings.tls, url.hostname.replace(/^\[|\]$/g, ''));
    if (!tls.ok) {
      return { ok: false, reason: tls.reason };
    }

    // Post
    const isHec = this.#settings.kind === 'splunk-hec';
    const result = await httpsPost({
      url: this.#settings.url,
      headers: {
        authorization: `${isHec ? 'Splunk' : 'Bearer'} ${token}`,
        'content-type': isHec ? 'application/json' : 'application/x-ndjson',
      },
      body: this.#body(events),
      tls: tls.options,
      agent: this.#agent,
      timeoutMs: this.#timeoutMs,
    });

    // Judge the answer
    if (!result.ok) {
      return result;
    }
    const { status, body } = result.response;
    if (status < 200 || status > 299) {
      return { ok: false, reason: `HTTP ${status}: ${printable(body)}` };
    }
    return { ok: true, confirmed: Promise.resolve({ delivered: true }) };
  }

  dispose(): Promise<void> {
    this.#agent.destroy();
    return Promise.resolve();
  }

  #body(events: readonly ActivityEvent[]): string {
    const settings = this.#settings;
    return settings.kind === 'splunk-hec'
      ? hecBatchBody(events, settings, this.#context)
      : ndjsonBatchBody(events, settings.format, this.#context);
  }

  async #token(): Promise<string | { reason: string }> {
    const { token, tokenFile } = this.#settings;
    if (token !== undefined) {
      return token;
    }
    if (tokenFile === undefined) {
      return { reason: 'no token configured' };
    }

    const result = await readBoundedText(tokenFile, maxTokenFileBytes);
    if (!result.ok) {
      return { reason: `cannot read the token: ${result.message}` };
    }
    const fileToken = result.text.trim();
    if (!/^[\x21-\x7e]{1,512}$/.test(fileToken)) {
      return { reason: `the token in ${tokenFile} is not 1 to 512 printable ASCII characters` };
    }
    return fileToken;
  }
}

/** The first 200 characters of an answer, safe for a log line. */
function printable(body: string): string {
  const text = body
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 200);
  return text === '' ? '(no body)' : text;
}
