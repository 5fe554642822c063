import type { PromptView } from '../../src-shared/bridge.ts';
import { useNow } from '../common/use-now.ts';
import { formatRemaining } from '../format.ts';

/** The moments, in seconds left, at which screen readers hear how much time remains. */
const announcedSeconds = [10, 30, 60];

/**
 * The time left before the policy's default outcome applies, as text and as a bar. Screen
 * readers hear it at a few moments rather than every second.
 */
export function Countdown({ prompt }: { prompt: PromptView }) {
  const now = useNow(250);
  const expiresMs = Date.parse(prompt.expiresAt);
  const totalMs = Math.max(1, expiresMs - Date.parse(prompt.createdAt));
  const remainingMs = Math.max(0, expiresMs - now);
  const remainingSeconds = Math.ceil(remainingMs / 1000);

  const consequence =
    prompt.defaultOutcome === 'block' ? 'the files stay blocked' : 'the files are released';
  const announced = announcedSeconds.find((seconds) => remainingSeconds <= seconds);
  return (
    <div className={remainingSeconds <= 10 ? 'countdown urgent' : 'countdown'}>
      <p>
        {remainingMs > 0 ? (
          <>
            Without an answer in <span role="timer">{formatRemaining(remainingMs)}</span>,{' '}
            {consequence}.
          </>
        ) : (
          <>Time is up: {consequence}.</>
        )}
      </p>
      <progress max={totalMs} value={remainingMs} aria-label="Time left to answer" />
      <p className="visually-hidden" aria-live="polite">
        {announced === undefined ? '' : `Less than ${announced} seconds left to answer.`}
      </p>
    </div>
  );
}
