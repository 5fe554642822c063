import { useEffect } from 'react';

import type { PromptAnswer } from '../../src-shared/bridge.ts';
import { useBridge } from '../bridge.ts';
import { PromptDialog } from './PromptDialog.tsx';
import { usePrompts } from './use-prompts.ts';

/**
 * The justification window: one dialog for the oldest pending prompt. Prompts that arrive while
 * it is open wait their turn here (the host never opens a second window).
 */
export function PromptWindow() {
  const bridge = useBridge();
  const prompts = usePrompts();
  const current = prompts?.[0];

  useEffect(() => {
    document.title =
      current === undefined ? 'Copywarden' : 'Copywarden: a copy is waiting for your answer';
  }, [current]);

  if (prompts === null) {
    return <p className="placeholder">Loading…</p>;
  }
  if (current === undefined) {
    return <p className="placeholder">No copy is waiting for your answer.</p>;
  }
  const answer = (promptAnswer: PromptAnswer) =>
    bridge.answerPrompt({ promptId: current.id, answer: promptAnswer });
  return (
    <PromptDialog
      key={current.id}
      prompt={current}
      waiting={prompts.length - 1}
      onAnswer={answer}
    />
  );
}
