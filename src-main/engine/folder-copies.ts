import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type { EventOutcome } from '../../src-shared/activity-event.ts';
import { applyAction, type ActionContext, type ActionResult } from './actions/apply-action.ts';
import type { Disposable } from './base/disposable.ts';
import type { Logger } from './base/logger.ts';
import type { WorkQueue } from './base/work-queue.ts';
import type { Classification } from './classify/classification.ts';
import type { LayoutRoot } from './classify/folders/find-layout-root.ts';
import type { Destination } from './destinations/destination.ts';
import { fileLandedEvent } from './event-builders.ts';
import type { Identity } from './identity.ts';
import { decide, type Decision } from './policy/decide.ts';
import type { Policy } from './policy/policy-schema.ts';

/** The most files of one copied folder taken after the fact. */
const maxFolderFiles = 100_000;

/** How long a copied backup folder must stay quiet before its one event is recorded. */
export const defaultFolderSettleMs = 3_000;

/** What folder copies need from the engine. */
export interface FolderCopiesDependencies {
  policy(): Policy;
  handlesBackups(): boolean;
  actions: ActionContext;
  /** Where the slow sealing of taken files runs. */
  finishing: WorkQueue;
  identity: Identity;
  record(event: ReturnType<typeof fileLandedEvent>): void;
  logger: Logger;
  settleMs?: number;
}

/** A backup folder being copied onto a destination. */
interface OpenFolder {
  root: LayoutRoot;
  destination: Destination;
  decision: Decision;
  files: number;
  bytes: number;
  outcomes: Map<EventOutcome, number>;
  /** The files handled so far. */
  seen: Set<string>;
  pending: Promise<void>[];
  timer: NodeJS.Timeout | null;
}

/**
 * Copied backup folders (a restic repository, an iOS backup, a WindowsImageBackup tree...) are
 * one backup, not hundreds of files: the policy decides once for the folder, each of its files
 * gets that decision as it lands (taken into the quarantine at once, if the policy says so), and
 * one event records the folder, with its file count and size, once the copy has gone quiet.
 */
export class FolderCopies implements Disposable {
  readonly #dependencies: FolderCopiesDependencies;
  readonly #logger: Logger;
  readonly #open = new Map<string, OpenFolder>();

  constructor(dependencies: FolderCopiesDependencies) {
    this.#dependencies = dependencies;
    this.#logger = dependencies.logger.child('Folders');
  }

  /** Handles one file that landed under the backup folder `root`. */
  async note(root: LayoutRoot, path: string, destination: Destination): Promise<void> {
    const folder = this.#folderFor(root, destination);
    if (folder.seen.has(path)) {
      return;
    }
    folder.seen.add(path);
    const size = (await stat(path).catch(() => null))?.size ?? 0;
    folder.files++;
    folder.bytes += size;
    this.#scheduleRecord(folder);
    if (folder.decision.kind === 'ignore') {
      return;
    }

    // The folder's decision, applied to this file
    const applied = await applyAction(
      folder.decision.action,
      {
        path,
        format: root.format,
        category: root.category,
        detection: folder.decision.detection,
        risk: folder.decision.risk,
      },
      destination,
      folder.decision.reason,
      this.#dependencies.actions,
    );
    if (applied.kind === 'done') {
      count(folder, applied.result);
      return;
    }
    const finished = new Promise<void>((resolve) => {
      this.#dependencies.finishing.push(async () => {
        count(folder, await applied.finish());
        resolve();
      });
    });
    folder.pending.push(finished);
  }

  /** Records the folders still open, as they are. */
  async dispose(): Promise<void> {
    for (const folder of [...this.#open.values()]) {
      if (folder.timer !== null) {
        clearTimeout(folder.timer);
      }
      await this.#record(folder);
    }
  }

  #folderFor(root: LayoutRoot, destination: Destination): OpenFolder {
    const existing = this.#open.get(root.path);
    if (existing !== undefined) {
      return existing;
    }

    const decision = decide(this.#dependencies.policy(), asClassification(root), destination, {
      handlesBackups: this.#dependencies.handlesBackups(),
    });
    const folder: OpenFolder = {
      root,
      destination,
      decision,
      files: 0,
      bytes: 0,
      outcomes: new Map(),
      seen: new Set(),
      pending: [],
      timer: null,
    };
    this.#open.set(root.path, folder);
    this.#logger.info(
      `a ${root.format} folder is being copied to ${destination.label}: ${root.path}`,
    );
    return folder;
  }

  #scheduleRecord(folder: OpenFolder): void {
    if (folder.timer !== null) {
      clearTimeout(folder.timer);
    }
    folder.timer = setTimeout(() => {
      void this.#record(folder);
    }, this.#dependencies.settleMs ?? defaultFolderSettleMs);
  }

  async #record(folder: OpenFolder): Promise<void> {
    // Files that landed before the folder showed its layout were judged alone: take them too
    if (folder.decision.kind === 'act' && isTaking(folder.decision.action)) {
      for (const path of await listFiles(folder.root.path)) {
        await this.note(folder.root, path, folder.destination);
      }
    }
    this.#open.delete(folder.root.path);
    if (folder.timer !== null) {
      clearTimeout(folder.timer);
    }
    await Promise.all(folder.pending);
    if (folder.decision.kind === 'ignore') {
      return;
    }

    const classification = { ...asClassification(folder.root), sizeBytes: folder.bytes };
    const result: ActionResult = {
      outcome: mostCommonOutcome(folder.outcomes),
      quarantineId: null,
      sha256: null,
      note: `${folder.files} files: ${describeOutcomes(folder.outcomes)}`,
    };
    const landing = {
      classification,
      decision: folder.decision,
      destination: folder.destination,
      result,
    };
    this.#dependencies.record(fileLandedEvent(landing, this.#dependencies.identity));
  }
}

/** The folder as a classification, so that the policy decides on it as on a file. */
function asClassification(root: LayoutRoot): Classification {
  return {
    path: root.path,
    sizeBytes: 0,
    isBackup: true,
    format: root.format,
    category: root.category,
    confidence: root.confidence,
    encrypted: null,
    reasons: [`the folder ${basename(root.path)} is a ${root.format}`, ...root.reasons],
  };
}

function count(folder: OpenFolder, result: ActionResult): void {
  folder.outcomes.set(result.outcome, (folder.outcomes.get(result.outcome) ?? 0) + 1);
}

function mostCommonOutcome(outcomes: Map<EventOutcome, number>): EventOutcome {
  let best: EventOutcome = 'allowed';
  let bestCount = 0;
  for (const [outcome, total] of outcomes) {
    if (total > bestCount) {
      best = outcome;
      bestCount = total;
    }
  }
  return best;
}

function describeOutcomes(outcomes: Map<EventOutcome, number>): string {
  return (
    [...outcomes].map(([outcome, total]) => `${total} ${outcome}`).join(', ') || 'none acted on'
  );
}

function isTaking(action: string | null): boolean {
  return action === 'block' || action === 'prompt';
}

/** The regular files under `root`, at most `maxFolderFiles`; vanished entries are skipped. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .slice(0, maxFolderFiles)
    .map((entry) => join(entry.parentPath, entry.name));
}
