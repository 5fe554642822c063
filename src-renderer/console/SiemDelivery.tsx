import type { SiemView } from '../../src-shared/bridge.ts';
import { formatTime } from '../format.ts';

/** Whether events reach the security team's SIEM, per target. */
export function SiemDelivery({ siem }: { siem: SiemView }) {
  switch (siem.state) {
    case 'none':
      return <p className="muted">No SIEM target is configured; events stay in the local log.</p>;
    case 'unreadable':
      return <p className="warning">The delivery state cannot be read: {siem.message}</p>;
    case 'delivering':
    case 'failing':
      return (
        <ul className="siem-targets">
          {siem.targets.map((target) => {
            const failing = target.consecutiveFailures > 0 || target.overflowSince !== null;
            return (
              <li key={target.name}>
                <span className={failing ? 'badge risk-high' : 'badge ok'}>
                  {failing ? 'failing' : 'delivering'}
                </span>{' '}
                <strong>{target.name}</strong> <span className="muted">{target.description}</span>
                <span className="muted">
                  {target.queued} queued, {target.delivered} delivered, {target.dropped} dropped;
                  last delivery{' '}
                  {target.lastSuccessAt === null ? 'never' : formatTime(target.lastSuccessAt)}
                </span>
                {target.lastError !== null && failing && (
                  <span className="warning">Last error: {target.lastError}</span>
                )}
              </li>
            );
          })}
        </ul>
      );
  }
}
