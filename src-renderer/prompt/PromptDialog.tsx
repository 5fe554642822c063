import { useId, useState, type SubmitEvent } from 'react';

import type { AnswerResult, PromptAnswer, PromptView } from '../../src-shared/bridge.ts';
import { destinationKindLabel } from '../format.ts';
import { Countdown } from './Countdown.tsx';
import { HeldFileList } from './HeldFileList.tsx';
import { JustificationFields } from './JustificationFields.tsx';
import { WhyItMatters } from './WhyItMatters.tsx';

/** What the dialog shows and how it answers. */
export interface PromptDialogProps {
  prompt: PromptView;
  /** How many more prompts wait after this one. */
  waiting: number;
  /** Sends the answer; resolves with the host's verdict. */
  onAnswer: (answer: PromptAnswer) => Promise<AnswerResult>;
}

/**
 * The justification dialog for one copy batch: which files, where, why it matters, the
 * policy's reasons and the free-text box, the countdown, Submit and Cancel.
 */
export function PromptDialog({ prompt, waiting, onAnswer }: PromptDialogProps) {
  const titleId = useId();
  const summaryId = useId();
  const [reason, setReason] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (answer: PromptAnswer): Promise<void> => {
    setSending(true);
    setProblem(null);
    try {
      const result = await onAnswer(answer);
      if (!result.ok) {
        setProblem(`Copywarden did not accept the answer: ${result.message}.`);
      }
    } catch {
      setProblem('Copywarden could not send your answer. Please try again.');
    } finally {
      setSending(false);
    }
  };

  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (reason === null) {
      setProblem('Choose a reason for the copy.');
      return;
    }
    const missing = missingText(prompt, text);
    if (missing !== null) {
      setProblem(missing);
      return;
    }
    void send({ kind: 'justify', reason, text });
  };

  const fileCount =
    prompt.files.length === 1 ? 'a backup file' : `${prompt.files.length} backup files`;
  const where = [destinationKindLabel(prompt.destination.kind), prompt.destination.detail]
    .filter((part) => part !== null)
    .join(', ');
  return (
    <div
      className="prompt"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={summaryId}
    >
      <header className="prompt-header">
        <h1 id={titleId}>Why are you copying {fileCount}?</h1>
        <p id={summaryId}>
          You copied {fileCount} to <strong>{prompt.destination.label}</strong> ({where}).
          Copywarden holds {prompt.files.length === 1 ? 'it' : 'them'} until you give a business
          reason; nothing is lost either way.
        </p>
      </header>

      <Countdown prompt={prompt} />

      <section aria-labelledby={`${titleId}-files`}>
        <h2 id={`${titleId}-files`}>Held files</h2>
        <HeldFileList files={prompt.files} />
      </section>

      <section aria-labelledby={`${titleId}-why`}>
        <h2 id={`${titleId}-why`}>Why this matters</h2>
        <WhyItMatters files={prompt.files} />
      </section>

      <form onSubmit={submit} noValidate>
        <JustificationFields
          prompt={prompt}
          reason={reason}
          text={text}
          onReasonChange={setReason}
          onTextChange={setText}
        />
        <p className="problem" role="alert">
          {problem}
        </p>
        <div className="actions">
          <button
            type="button"
            disabled={sending}
            onClick={() => void send({ kind: 'cancel' })}
            aria-describedby={`${titleId}-cancel-hint`}
          >
            Cancel the copy
          </button>
          <button type="submit" className="primary" disabled={sending}>
            Submit justification
          </button>
        </div>
        <p className="hint" id={`${titleId}-cancel-hint`}>
          Cancel keeps the files in quarantine; your IT helpdesk can still release them.
        </p>
      </form>

      {waiting > 0 && (
        <p className="queue-note" role="status">
          {waiting === 1 ? 'One more copy waits' : `${waiting} more copies wait`} for an answer
          after this one.
        </p>
      )}
    </div>
  );
}

/** The sentence to show when the policy asks for text and there is none. */
function missingText(prompt: PromptView, text: string): string | null {
  return prompt.requireText && text.trim() === ''
    ? 'This policy asks for a justification in your own words.'
    : null;
}
