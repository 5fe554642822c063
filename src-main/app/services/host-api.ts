import type { AnswerResult } from '../../../src-shared/bridge.ts';
import type { Engine } from '../../engine/engine.ts';
import type { InvokeHandlers } from '../ipc/ipc-router.ts';
import type { LogAccess } from './log-access.ts';
import { buildPromptViews } from './prompt-views.ts';
import { buildStatusView } from './status-view.ts';

/** The parts of the engine the desktop host uses. */
export type HostEngine = Pick<
  Engine,
  | 'status'
  | 'queryLog'
  | 'pendingPrompts'
  | 'answerPrompt'
  | 'onDidRecordEvent'
  | 'onDidChangePrompts'
  | 'onDidNotify'
>;

/** What the host's calls are answered from. */
export interface HostApiDependencies {
  engine: HostEngine;
  logAccess: LogAccess;
  /** The engine's data directory. */
  dataDir: string;
  /** Why the engine could not start; null when it runs. */
  startFailure(): string | null;
  /** Asks the user where to save an export; null when they cancel. */
  chooseExportPath(): Promise<string | null>;
}

/**
 * The host's answer to each call of the bridge. Payloads arrive validated (the router checks
 * them); expected failures come back as values the renderer shows.
 */
export function createHostApi(dependencies: HostApiDependencies): InvokeHandlers {
  const { engine, logAccess } = dependencies;
  return {
    getStatus: () => Promise.resolve(buildStatusView(dependencies)),
    queryLog: (query) => Promise.resolve(logAccess.queryPage(query)),
    verifyLog: () => Promise.resolve(logAccess.verify()),
    exportLog: async (filters) => {
      const path = await dependencies.chooseExportPath();
      if (path === null) {
        return { ok: false, cancelled: true, message: 'The export was cancelled.' };
      }
      return logAccess.exportCsv(filters, path);
    },
    getPrompts: () => Promise.resolve(buildPromptViews(engine)),
    answerPrompt: async ({ promptId, answer }): Promise<AnswerResult> => {
      const result = await engine.answerPrompt(promptId, answer);
      if (!result.ok) {
        return { ok: false, message: result.message };
      }
      return {
        ok: true,
        files: result.value.files.map(({ file, outcome, note }) => ({
          name: file.name,
          outcome,
          note,
        })),
      };
    },
  };
}
