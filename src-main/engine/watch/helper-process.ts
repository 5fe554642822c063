import { spawn, type ChildProcess } from 'node:child_process';

import type { Disposable } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import {
  decodeHelperRecord,
  helperRecordFieldCount,
  type HelperRecord,
} from './helper-protocol.ts';
import { NulRecordParser } from './nul-record-parser.ts';

/** How a helper process ended. */
export interface HelperExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: Error;
}

/** How long a helper may take to leave after its input closes before it is killed. */
const exitGraceMs = 2_000;

/**
 * One running Linux watcher helper: sends it commands and turns its output into records. It
 * does not restart anything; its owner decides what an exit means.
 */
export class HelperProcess implements Disposable {
  readonly #child: ChildProcess;
  readonly #logger: Logger;
  readonly #parser = new NulRecordParser(helperRecordFieldCount);
  readonly #onRecord = new Emitter<HelperRecord>();
  readonly #onExit = new Emitter<HelperExit>();
  readonly #exited: Promise<void>;
  #hasExited = false;

  /** Every record of the helper, in order. */
  readonly onRecord: Event<HelperRecord> = this.#onRecord.event;
  /** Fires once when the helper process is gone, whatever the cause. */
  readonly onExit: Event<HelperExit> = this.#onExit.event;

  constructor(executablePath: string, logger: Logger) {
    this.#logger = logger;
    this.#child = spawn(executablePath, [], { stdio: ['pipe', 'pipe', 'pipe'] });

    // Records on stdout, stray text on stderr
    this.#child.stdout?.on('data', (chunk: Buffer) => {
      this.#acceptOutput(chunk);
    });
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      this.#logger.warn(`helper wrote to stderr: ${chunk.toString('utf8').trimEnd()}`);
    });
    this.#child.stdin?.on('error', (error) => {
      this.#logger.debug('helper input closed', error);
    });

    this.#exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#finish({ code: null, signal: null, error }, resolve);
      });
      this.#child.once('close', (code, signal) => {
        this.#finish({ code, signal }, resolve);
      });
    });
  }

  /** The helper's process id, once it started. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Sends one encoded command; ignored once the helper is gone. */
  send(command: Buffer): void {
    if (!this.#hasExited && this.#child.stdin?.writable === true) {
      this.#child.stdin.write(command);
    }
  }

  /** Closes the helper's input, which ends it; kills it if it lingers. Resolves once it exited. */
  async dispose(): Promise<void> {
    this.#child.stdin?.end();

    // Give it a moment to leave by itself
    const timer = setTimeout(() => {
      this.#child.kill('SIGKILL');
    }, exitGraceMs);
    await this.#exited;
    clearTimeout(timer);

    this.#onRecord.dispose();
    this.#onExit.dispose();
  }

  #acceptOutput(chunk: Buffer): void {
    for (const fields of this.#parser.push(chunk)) {
      this.#onRecord.fire(decodeHelperRecord(fields));
    }
  }

  #finish(exit: HelperExit, resolve: () => void): void {
    if (this.#hasExited) {
      return;
    }

    this.#hasExited = true;
    this.#onExit.fire(exit);
    resolve();
  }
}
