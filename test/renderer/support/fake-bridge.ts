import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type {
  AnswerRequest,
  AnswerResult,
  ConsoleView,
  CopywardenBridge,
  ExportResult,
  LogFilters,
  LogIntegrity,
  LogPage,
  LogQuery,
  PromptView,
  StatusView,
} from '../../../src-shared/bridge.ts';

/**
 * An in-memory bridge for component tests, which run without Electron or a host. It records
 * every call and lets a test push what the host would push. The end-to-end tests drive the
 * real bridge over a real engine instead.
 */
export class FakeBridge implements CopywardenBridge {
  prompts: PromptView[] = [];
  status: StatusView | null = null;
  events: ActivityEvent[] = [];
  integrity: LogIntegrity = { state: 'intact', records: 0, headSequence: 0, checkedAt: nowIso() };
  answerResult: AnswerResult = { ok: true, files: [] };
  exportResult: ExportResult = { ok: true, path: '/tmp/export.csv', records: 0 };

  readonly answers: AnswerRequest[] = [];
  readonly queries: LogQuery[] = [];
  readonly exports: LogFilters[] = [];
  readonly #listeners = {
    event: new Set<(event: ActivityEvent) => void>(),
    prompts: new Set<(prompts: PromptView[]) => void>(),
    showView: new Set<(view: ConsoleView) => void>(),
  };

  getStatus(): Promise<StatusView> {
    return this.status === null
      ? Promise.reject(new Error('no status'))
      : Promise.resolve(this.status);
  }

  queryLog(query: LogQuery): Promise<LogPage> {
    this.queries.push(query);
    const matching = this.events.filter((event) => matches(event, query));
    const records = matching.map((event, index) => ({ sequence: matching.length - index, event }));
    return Promise.resolve({ records, nextCursor: null });
  }

  verifyLog(): Promise<LogIntegrity> {
    return Promise.resolve(this.integrity);
  }

  exportLog(filters: LogFilters): Promise<ExportResult> {
    this.exports.push(filters);
    return Promise.resolve(this.exportResult);
  }

  getPrompts(): Promise<PromptView[]> {
    return Promise.resolve(this.prompts);
  }

  answerPrompt(request: AnswerRequest): Promise<AnswerResult> {
    this.answers.push(request);
    return Promise.resolve(this.answerResult);
  }

  onEvent(listener: (event: ActivityEvent) => void): () => void {
    return subscribe(this.#listeners.event, listener);
  }

  onPromptsChange(listener: (prompts: PromptView[]) => void): () => void {
    return subscribe(this.#listeners.prompts, listener);
  }

  onShowView(listener: (view: ConsoleView) => void): () => void {
    return subscribe(this.#listeners.showView, listener);
  }

  /** Sends what the host sends when the pending prompts change. */
  pushPrompts(prompts: PromptView[]): void {
    this.prompts = prompts;
    for (const listener of this.#listeners.prompts) {
      listener(prompts);
    }
  }

  /** Sends what the tray menu sends. */
  pushShowView(view: ConsoleView): void {
    for (const listener of this.#listeners.showView) {
      listener(view);
    }
  }

  /** How many listeners are subscribed, to check that unmounting unsubscribes them all. */
  get listenerCount(): number {
    return Object.values(this.#listeners).reduce((sum, set) => sum + set.size, 0);
  }
}

function subscribe<T>(
  listeners: Set<(value: T) => void>,
  listener: (value: T) => void,
): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The fake's filtering: enough of the host's semantics for the view's tests. */
function matches(event: ActivityEvent, filters: LogFilters): boolean {
  return (
    (filters.risk === undefined || event.risk === filters.risk) &&
    (filters.detection === undefined || event.detection === filters.detection) &&
    (filters.action === undefined || event.action === filters.action) &&
    (filters.user === undefined || event.user === filters.user) &&
    (filters.search === undefined || event.message.includes(filters.search))
  );
}

function nowIso(): string {
  return new Date().toISOString();
}
