import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';

import type { Disposable } from '../base/disposable.ts';
import { Emitter } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import type { PromptSettings } from '../policy/policy-schema.ts';
import {
  checkAnswer,
  cleanJustification,
  maxJustificationLength,
  type HeldFile,
  type PendingPrompt,
  type PromptAnswer,
  type PromptResolution,
} from './prompt.ts';
import type { Quarantine, QuarantineEntry, QuarantineResult } from './quarantine.ts';

/** What the broker needs. */
export interface PromptBrokerOptions {
  quarantine: Quarantine;
  /** The prompt settings in force (read when a prompt opens). */
  settings(): PromptSettings;
  logger: Logger;
}

interface OpenPrompt {
  prompt: PendingPrompt;
  /** Files landing on the same destination before this time join the prompt. */
  acceptsUntilMs: number;
  timer: NodeJS.Timeout;
}

/**
 * Keeps the prompts that wait for users: one per copy batch (files held on one destination
 * within the batch window), each with a timeout that applies the policy's default outcome. A
 * justified answer puts every file back exactly as it was; a cancel keeps them quarantined.
 * Held files live in the quarantine, so prompts survive a restart (see `reopen`).
 */
export class PromptBroker implements Disposable {
  readonly #options: PromptBrokerOptions;
  readonly #logger: Logger;
  readonly #open = new Map<string, OpenPrompt>();
  readonly #onDidChange = new Emitter<PendingPrompt[]>();
  readonly #onDidResolve = new Emitter<PromptResolution>();

  /** Fires with every pending prompt whenever one opens, grows or ends. */
  readonly onDidChange = this.#onDidChange.event;
  /** Fires when a prompt was answered or timed out, after its files were released or kept. */
  readonly onDidResolve = this.#onDidResolve.event;

  constructor(options: PromptBrokerOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Prompts');
  }

  /** The prompts waiting for an answer, oldest first. */
  pending(): PendingPrompt[] {
    return [...this.#open.values()].map((open) => open.prompt);
  }

  /** Adds a held file to its destination's open batch, or opens a new prompt for it. */
  add(
    file: HeldFile,
    destination: PendingPrompt['destination'],
    nowMs: number = Date.now(),
  ): string {
    const settings = this.#options.settings();
    const batch = [...this.#open.values()].find(
      (open) => open.prompt.destination.id === destination.id && open.acceptsUntilMs >= nowMs,
    );
    if (batch !== undefined) {
      batch.prompt.files.push(file);
      batch.acceptsUntilMs = nowMs + settings.batchWindowSeconds * 1000;
      this.#fireChange();
      return batch.prompt.id;
    }
    return this.#openPrompt([file], destination, settings, nowMs);
  }

  /**
   * Opens prompts again for files a previous run held and never resolved, one per destination,
   * with a fresh timeout.
   */
  reopen(entries: readonly QuarantineEntry[]): void {
    const settings = this.#options.settings();
    const byDestination = Map.groupBy(
      entries.filter((entry) => entry.state === 'held'),
      (entry) => entry.destinationId,
    );
    for (const [destinationId, held] of byDestination) {
      const files = held.map(heldFileOf);
      const label = destinationId.replace(/^[a-z-]+:/, '');
      this.#openPrompt(files, { id: destinationId, label, kind: 'unknown' }, settings, Date.now());
    }
  }

  /** Answers a prompt. Expected refusals (unknown id, invalid answer) are values. */
  async answer(id: string, answer: PromptAnswer): Promise<QuarantineResult<PromptResolution>> {
    const open = this.#open.get(id);
    if (open === undefined) {
      return { ok: false, message: `no pending prompt ${id}` };
    }
    const cleaned: PromptAnswer =
      answer.kind === 'justify' ? { ...answer, text: cleanJustification(answer.text) } : answer;
    const problem = checkAnswer(open.prompt, cleaned);
    if (problem !== null) {
      return { ok: false, message: problem };
    }

    const release = cleaned.kind === 'justify';
    return { ok: true, value: await this.#resolve(open, 'user', cleaned, release) };
  }

  /** Stops the timers. Held files stay in the quarantine as held, to be reopened on restart. */
  dispose(): void {
    for (const open of this.#open.values()) {
      clearTimeout(open.timer);
    }
    this.#open.clear();
    this.#onDidChange.dispose();
    this.#onDidResolve.dispose();
  }

  #openPrompt(
    files: HeldFile[],
    destination: PendingPrompt['destination'],
    settings: PromptSettings,
    nowMs: number,
  ): string {
    const prompt: PendingPrompt = {
      id: randomUUID(),
      destination,
      files,
      reasons: [...settings.reasons],
      requireText: settings.requireText,
      maxTextLength: maxJustificationLength,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + settings.timeoutSeconds * 1000).toISOString(),
      defaultOutcome: settings.defaultOutcome,
    };
    const timer = setTimeout(() => {
      void this.#timeOut(prompt.id);
    }, settings.timeoutSeconds * 1000);
    this.#open.set(prompt.id, {
      prompt,
      acceptsUntilMs: nowMs + settings.batchWindowSeconds * 1000,
      timer,
    });

    this.#logger.info(
      `asking about ${files.length} file(s) on ${destination.label} (${prompt.id})`,
    );
    this.#fireChange();
    return prompt.id;
  }

  async #timeOut(id: string): Promise<void> {
    const open = this.#open.get(id);
    if (open !== undefined) {
      await this.#resolve(open, 'timeout', null, open.prompt.defaultOutcome === 'release');
    }
  }

  async #resolve(
    open: OpenPrompt,
    answeredBy: PromptResolution['answeredBy'],
    answer: PromptAnswer | null,
    release: boolean,
  ): Promise<PromptResolution> {
    // Close the prompt first, so that no second answer races this one
    clearTimeout(open.timer);
    this.#open.delete(open.prompt.id);
    this.#fireChange();

    // Release or keep every file of the batch
    const files: PromptResolution['files'] = [];
    for (const file of open.prompt.files) {
      files.push(await this.#settle(file, release));
    }
    const resolution: PromptResolution = { prompt: open.prompt, answeredBy, answer, files };
    this.#onDidResolve.fire(resolution);
    return resolution;
  }

  async #settle(file: HeldFile, release: boolean): Promise<PromptResolution['files'][number]> {
    const quarantine = this.#options.quarantine;
    if (release) {
      const restored = await quarantine.restore(file.quarantineId);
      if (restored.ok) {
        return { file, outcome: 'released', note: null };
      }
      // The file stays safe in the quarantine; helpdesk can restore it elsewhere.
      await quarantine.setState(file.quarantineId, 'blocked');
      return { file, outcome: 'quarantined', note: `could not put it back: ${restored.message}` };
    }
    await quarantine.setState(file.quarantineId, 'blocked');
    return { file, outcome: 'quarantined', note: null };
  }

  #fireChange(): void {
    this.#onDidChange.fire(this.pending());
  }
}

function heldFileOf(entry: QuarantineEntry): HeldFile {
  return {
    quarantineId: entry.id,
    path: entry.originalPath,
    name: basename(entry.originalPath),
    sizeBytes: entry.sizeBytes,
    format: null,
    category: 'not-backup',
    detection: null,
    risk: 'none',
  };
}
