import { useId } from 'react';

import type { PromptView } from '../../src-shared/bridge.ts';

/** The fields of the answer: the reasons as radio buttons, and the free-text box. */
export interface JustificationFieldsProps {
  prompt: PromptView;
  reason: string | null;
  text: string;
  onReasonChange: (reason: string) => void;
  onTextChange: (text: string) => void;
}

/** The policy's reasons to choose from, and the justification in the user's own words. */
export function JustificationFields(props: JustificationFieldsProps) {
  const { prompt, reason, text } = props;
  const textId = useId();
  const counterId = useId();

  return (
    <>
      <fieldset className="reasons">
        <legend>Reason for the copy</legend>
        {prompt.reasons.map((choice, index) => (
          <label key={choice} className="reason">
            <input
              type="radio"
              name="reason"
              value={choice}
              checked={reason === choice}
              autoFocus={index === 0}
              onChange={() => {
                props.onReasonChange(choice);
              }}
            />
            <span>{choice}</span>
          </label>
        ))}
      </fieldset>

      <label htmlFor={textId} className="text-label">
        Justification in your own words {prompt.requireText ? '(required)' : '(optional)'}
      </label>
      <textarea
        id={textId}
        value={text}
        rows={3}
        maxLength={prompt.maxTextLength}
        required={prompt.requireText}
        aria-describedby={counterId}
        placeholder="For example: restore test for ticket 4711, approved by my manager"
        onChange={(event) => {
          props.onTextChange(event.target.value);
        }}
      />
      <p className="counter" id={counterId}>
        {text.length} of {prompt.maxTextLength} characters
      </p>
    </>
  );
}
