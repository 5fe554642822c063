import type { Logger } from '../../engine/base/logger.ts';
import {
  invokeNameOf,
  type InvokeName,
  type InvokeRequest,
  type InvokeResponse,
} from '../../../src-shared/ipc-channels.ts';
import { invokeRequestSchemas } from '../../../src-shared/ipc-schemas.ts';
import { refuseSender, type IpcSender, type SenderPolicy } from './ipc-sender.ts';

/** The host's implementation of each call, given a validated request. */
export type InvokeHandlers = {
  readonly [Name in InvokeName]: (request: InvokeRequest<Name>) => Promise<InvokeResponse<Name>>;
};

/** What a call came to: the handler's reply, or why the host refused to run it. */
export type IpcOutcome = { ok: true; value: unknown } | { ok: false; refusal: string };

/** How to build a router. */
export interface IpcRouterOptions {
  handlers: InvokeHandlers;
  senders: SenderPolicy;
  logger: Logger;
}

/** The most schema problems a refusal lists, so that a flood of them cannot flood the log. */
const maxIssuesLogged = 5;

/**
 * The main-process side of every call, without Electron: it checks the sender, validates the
 * payload against the call's schema, and only then runs the handler. Refusals are logged and
 * returned as values; the Electron adapter (`bind-ipc-main.ts`) turns them into rejections.
 */
export class IpcRouter {
  readonly #options: IpcRouterOptions;
  readonly #logger: Logger;

  constructor(options: IpcRouterOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Ipc');
  }

  async invoke(channel: string, sender: IpcSender, payload: unknown): Promise<IpcOutcome> {
    // A channel of the contract
    const name = invokeNameOf(channel);
    if (name === undefined) {
      return this.#refuse(channel, sender, 'no such call');
    }

    // From one of our windows
    const senderProblem = refuseSender(sender, this.#options.senders);
    if (senderProblem !== null) {
      return this.#refuse(channel, sender, senderProblem);
    }

    // With a payload its schema accepts
    const parsed = invokeRequestSchemas[name].safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, maxIssuesLogged)
        .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
      return this.#refuse(channel, sender, `malformed payload (${issues.join('; ')})`);
    }
    return { ok: true, value: await this.#run(name, parsed.data) };
  }

  #run<Name extends InvokeName>(
    name: Name,
    request: InvokeRequest<Name>,
  ): Promise<InvokeResponse<Name>> {
    const handler = this.#options.handlers[name] as (
      request: InvokeRequest<Name>,
    ) => Promise<InvokeResponse<Name>>;
    return handler(request);
  }

  #refuse(channel: string, sender: IpcSender, reason: string): IpcOutcome {
    const from = `web contents ${sender.contentsId} at ${sender.frameUrl?.slice(0, 200) ?? 'no page'}`;
    this.#logger.warn(`refused ${channel.slice(0, 100)} from ${from}: ${reason}`);
    return { ok: false, refusal: reason };
  }
}
