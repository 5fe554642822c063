import { chmodSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

import type { Disposable } from '../../engine/base/disposable.ts';
import type { Logger } from '../../engine/base/logger.ts';
import type { Engine } from '../../engine/engine.ts';
import {
  controlSocketPath,
  maxRequestBytes,
  requestSchema,
  type ControlRequest,
  type ControlResponse,
} from './protocol.ts';

/**
 * Serves the control channel of a running agent. The socket lives in the data directory and is
 * made private to its owner; requests are validated, and anything else is refused and logged.
 */
export class ControlServer implements Disposable {
  readonly #engine: Engine;
  readonly #logger: Logger;
  readonly #path: string;
  #server: Server | null = null;

  constructor(engine: Engine, dataDir: string, logger: Logger) {
    this.#engine = engine;
    this.#logger = logger.child('Control');
    this.#path = controlSocketPath(dataDir);
  }

  /** Listens; refuses to start when another agent already serves this data directory. */
  async start(): Promise<void> {
    if (await isServing(this.#path)) {
      throw new Error(`another agent is already running with this data directory (${this.#path})`);
    }
    if (process.platform !== 'win32') {
      try {
        unlinkSync(this.#path);
      } catch {
        // No stale socket to remove.
      }
    }

    const server = createServer((socket) => {
      this.#serve(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#path, () => {
        resolve();
      });
    });
    if (process.platform !== 'win32') {
      chmodSync(this.#path, 0o600);
    }
    this.#server = server;
  }

  async dispose(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server !== null) {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  }

  #serve(socket: Socket): void {
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxRequestBytes * 16) {
        this.#logger.warn('refused a client that sent too much');
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);

    lines.on('line', (line) => {
      void this.#handleLine(line).then((response) => {
        if (!socket.destroyed) {
          socket.write(`${JSON.stringify(response)}\n`);
        }
      });
    });
  }

  async #handleLine(line: string): Promise<ControlResponse> {
    if (Buffer.byteLength(line) > maxRequestBytes) {
      this.#logger.warn('refused an oversized request');
      return { id: -1, ok: false, error: 'request too large' };
    }

    let parsed: ReturnType<typeof requestSchema.safeParse>;
    try {
      parsed = requestSchema.safeParse(JSON.parse(line));
    } catch {
      this.#logger.warn('refused a request that is not JSON');
      return { id: -1, ok: false, error: 'not JSON' };
    }
    if (!parsed.success) {
      const problem = parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      this.#logger.warn(`refused a malformed request: ${problem}`);
      return { id: -1, ok: false, error: `malformed request: ${problem}` };
    }
    return this.#handle(parsed.data);
  }

  async #handle(request: ControlRequest): Promise<ControlResponse> {
    const { id } = request;
    switch (request.method) {
      case 'status':
        return { id, ok: true, result: this.#engine.status() };
      case 'prompts':
        return { id, ok: true, result: this.#engine.pendingPrompts() };
      case 'answer':
        return settle(id, await this.#engine.answerPrompt(request.promptId, request.answer));
      case 'quarantine.list':
        return { id, ok: true, result: await this.#engine.listQuarantine() };
      case 'quarantine.restore':
        return settle(
          id,
          await this.#engine.restoreFromQuarantine(request.entryId, request.targetPath),
        );
      case 'quarantine.purge':
        return settle(id, await this.#engine.purgeFromQuarantine(request.entryId));
    }
  }
}

function settle(
  id: number,
  result: { ok: true; value: unknown } | { ok: false; message: string },
): ControlResponse {
  return result.ok
    ? { id, ok: true, result: result.value }
    : { id, ok: false, error: result.message };
}

/** Whether an agent answers on `path`. */
function isServing(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
