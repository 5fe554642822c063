import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';

import { describeNetworkError } from '../describe-error.ts';
import type { Confirmation } from '../transport.ts';

/** Timing of a syslog connection. */
export interface SyslogConnectionTimings {
  /** How long connecting (and the TLS handshake) may take. */
  connectTimeoutMs: number;
  /** How long one write may wait for the socket to take it before the connection is dropped. */
  writeTimeoutMs: number;
  /** How long the connection must stay up after a write for the batch to count as delivered. */
  confirmAfterMs: number;
}

export type ConnectResult =
  { ok: true; connection: SyslogConnection } | { ok: false; reason: string };

interface PendingConfirmation {
  timer: NodeJS.Timeout;
  resolve: (confirmation: Confirmation) => void;
}

/**
 * One TCP or TLS connection to a syslog collector. Syslog has no acknowledgements, so a written
 * batch counts as delivered only once the connection stayed up for `confirmAfterMs`; when the
 * connection breaks first, the batch is reported lost and is sent again (the event id lets the
 * SIEM drop the duplicate).
 */
export class SyslogConnection {
  readonly #socket: Socket;
  readonly #timings: SyslogConnectionTimings;
  readonly #pending = new Set<PendingConfirmation>();
  #closedReason: string | null = null;
  #closingCleanly = false;

  /** Connects over plain TCP, or over TLS when `tls` is given; resolves once ready to write. */
  static connect(
    target: { host: string; port: number; tls: ConnectionOptions | null },
    timings: SyslogConnectionTimings,
  ): Promise<ConnectResult> {
    const { host, port, tls } = target;
    const socket = tls === null ? connectTcp({ host, port }) : connectTls({ ...tls, host, port });
    const readyEvent = tls === null ? 'connect' : 'secureConnect';

    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ ok: false, reason: `no connection within ${timings.connectTimeoutMs} ms` });
      }, timings.connectTimeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ok: false, reason: describeNetworkError(error) });
      });
      socket.once(readyEvent, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve({ ok: true, connection: new SyslogConnection(socket, timings) });
      });
    });
  }

  private constructor(socket: Socket, timings: SyslogConnectionTimings) {
    this.#socket = socket;
    this.#timings = timings;

    // Collectors send nothing; discard whatever arrives rather than buffer it
    socket.resume();
    socket.setKeepAlive(true, 15_000);
    socket.on('error', (error) => {
      this.#closedReason ??= describeNetworkError(error);
    });
    socket.on('end', () => {
      this.#closedReason ??= this.#closingCleanly ? null : 'the collector closed the connection';
    });
    socket.on('close', () => {
      this.#settleAll();
    });
  }

  /** Whether the connection can take another write. */
  get isOpen(): boolean {
    return this.#closedReason === null && !this.#socket.destroyed && this.#socket.writable;
  }

  /**
   * Writes `frames`. Resolves with null once the socket took them, or with the reason they could
   * not be written; `confirmation()` then tells whether they stayed delivered.
   */
  write(frames: Buffer): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#closedReason ??= `the collector took no data for ${this.#timings.writeTimeoutMs} ms`;
        this.#socket.destroy();
      }, this.#timings.writeTimeoutMs);
      this.#socket.write(frames, (error) => {
        clearTimeout(timer);
        resolve(error ? (this.#closedReason ?? describeNetworkError(error)) : null);
      });
    });
  }

  /** Settles true after `confirmAfterMs` with the connection up, or false if it breaks first. */
  confirmation(): Promise<Confirmation> {
    return new Promise((resolve) => {
      const pending: PendingConfirmation = {
        resolve,
        timer: setTimeout(() => {
          this.#pending.delete(pending);
          resolve({ delivered: true });
        }, this.#timings.confirmAfterMs),
      };
      this.#pending.add(pending);
    });
  }

  /**
   * Closes the connection. A collector that closes its side in answer has read everything before
   * our end of stream, so pending batches count as delivered; otherwise they are sent again.
   */
  async close(graceMs = 2_000): Promise<void> {
    if (this.#socket.destroyed) {
      return;
    }
    this.#closingCleanly = true;
    const closed = new Promise<void>((resolve) => {
      this.#socket.once('close', () => {
        resolve();
      });
    });
    const timer = setTimeout(() => {
      this.#closedReason ??= 'the collector did not close its side in time';
      this.#socket.destroy();
    }, graceMs);

    this.#socket.end();
    await closed;
    clearTimeout(timer);
  }

  #settleAll(): void {
    const reason = this.#closedReason ?? (this.#closingCleanly ? null : 'the connection closed');
    this.#closedReason = reason ?? 'closed';
    for (const pending of this.#pending) {
      clearTimeout(pending.timer);
      pending.resolve(reason === null ? { delivered: true } : { delivered: false, reason });
    }
    this.#pending.clear();
  }
}
