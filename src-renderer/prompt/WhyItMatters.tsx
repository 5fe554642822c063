import type { PromptFileView } from '../../src-shared/bridge.ts';
import { RiskBadge } from '../common/RiskBadge.tsx';

/**
 * Why the policy held the files, once per distinct reason: the detection, its risk, and the
 * policy's decision with the classifier's evidence.
 */
export function WhyItMatters({ files }: { files: readonly PromptFileView[] }) {
  const reasons = new Map<string, PromptFileView>();
  for (const file of files) {
    if (file.why !== null && !reasons.has(file.why)) {
      reasons.set(file.why, file);
    }
  }

  if (reasons.size === 0) {
    return (
      <p className="why-text">
        These files look like system or application backups, which hold everything stored on a
        computer or in a database.
      </p>
    );
  }
  return (
    <ul className="why-list">
      {[...reasons.entries()].map(([why, file]) => (
        <li key={why}>
          {file.detection !== null && <strong>{file.detection}</strong>}
          {file.risk !== null && <RiskBadge risk={file.risk} />}
          <span className="why-text">{why}</span>
        </li>
      ))}
    </ul>
  );
}
