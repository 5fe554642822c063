import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Disposable } from './base/disposable.ts';
import type { Logger } from './base/logger.ts';

/** How often the agent notes that it is alive. */
export const heartbeatIntervalMs = 30_000;

/** The furthest back a catch-up scan reaches after the agent was down. */
export const maxCatchUpMs = 24 * 60 * 60 * 1000;

/**
 * Notes in the data directory, every half minute, that the agent is alive. When the agent starts
 * again after being stopped (or killed), files that landed on destinations while it was down are
 * caught up: the catch-up scan reaches back to the last heartbeat, at most a day.
 */
export class AgentHeartbeat implements Disposable {
  readonly #path: string;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | null = null;

  constructor(dataDir: string, logger: Logger) {
    this.#path = join(dataDir, 'heartbeat.json');
    this.#logger = logger.child('Heartbeat');
  }

  /** Where catch-up scans should start: the last heartbeat within a day, or null on a first run. */
  catchUpSince(now: number = Date.now()): number | null {
    try {
      const { aliveAt } = JSON.parse(readFileSync(this.#path, 'utf8')) as { aliveAt?: unknown };
      if (typeof aliveAt !== 'number' || aliveAt > now) {
        return null;
      }
      return Math.max(aliveAt, now - maxCatchUpMs);
    } catch {
      return null;
    }
  }

  /** Writes a heartbeat now and every `heartbeatIntervalMs`. */
  start(): void {
    this.#beat();
    this.#timer = setInterval(() => {
      this.#beat();
    }, heartbeatIntervalMs);
    this.#timer.unref();
  }

  /** Stops, writing a last heartbeat so that a clean stop needs no catch-up. */
  dispose(): void {
    if (this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
      this.#beat();
    }
  }

  #beat(): void {
    try {
      const temporary = `${this.#path}.tmp`;
      writeFileSync(temporary, JSON.stringify({ aliveAt: Date.now() }));
      renameSync(temporary, this.#path);
    } catch (error) {
      this.#logger.warn(`could not write ${this.#path}`, error);
    }
  }
}
