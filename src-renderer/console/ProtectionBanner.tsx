import type { ProtectionState } from '../../src-shared/bridge.ts';

const headlines: Record<ProtectionState, { title: string; detail: string; glyph: string }> = {
  protected: {
    glyph: '✓',
    title: 'Protected',
    detail: 'Backups copied to removable drives, sync folders or shares are handled by policy.',
  },
  attention: {
    glyph: '!',
    title: 'Needs your answer',
    detail: 'A copy is on hold until you say why it is needed.',
  },
  degraded: {
    glyph: '×',
    title: 'Protection degraded',
    detail: 'Something keeps Copywarden from protecting fully. Your IT helpdesk can help.',
  },
};

/** The protection state in words, with the reasons when it is not plain protected. */
export function ProtectionBanner(props: { state: ProtectionState; problems: readonly string[] }) {
  const headline = headlines[props.state];
  return (
    <section className={`banner state-${props.state}`} aria-labelledby="protection-heading">
      <span className="state-icon" aria-hidden="true">
        {headline.glyph}
      </span>
      <div>
        <h1 id="protection-heading">{headline.title}</h1>
        <p>{headline.detail}</p>
        {props.problems.length > 0 && (
          <ul className="problems">
            {props.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
