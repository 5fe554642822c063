import { useCallback } from 'react';

import { useBridge } from '../bridge.ts';
import { useRefreshed } from '../common/use-refreshed.ts';
import { formatTime } from '../format.ts';
import { DestinationList } from './DestinationList.tsx';
import { ProtectionBanner } from './ProtectionBanner.tsx';
import { RecentEvents } from './RecentEvents.tsx';
import { SiemDelivery } from './SiemDelivery.tsx';

/** How often the status view reloads without activity. */
const refreshMs = 10_000;

/** Protection state, policy, destinations, SIEM delivery and the latest events. */
export function StatusView() {
  const bridge = useBridge();
  const load = useCallback(() => bridge.getStatus(), [bridge]);
  const { value: status, problem } = useRefreshed(load, refreshMs);

  if (status === null) {
    return <p className="placeholder">{problem ?? 'Loading…'}</p>;
  }
  return (
    <div className="status-view">
      <ProtectionBanner state={status.protection} problems={status.problems} />

      <div className="cards">
        <section className="card" aria-labelledby="policy-heading">
          <h2 id="policy-heading">Policy</h2>
          <dl className="facts">
            <dt>Source</dt>
            <dd>{status.policy.origin}</dd>
            <dt>Applied</dt>
            <dd>
              {status.policy.appliedAt === null ? 'unknown' : formatTime(status.policy.appliedAt)}
            </dd>
            <dt>Your group</dt>
            <dd>
              {status.policy.group}
              {status.policy.monitoring ? '' : ' (not monitored)'}
            </dd>
            <dt>Watcher</dt>
            <dd>
              {status.watcher}
              {status.pendingFiles > 0 ? `, ${status.pendingFiles} files being checked` : ''}
            </dd>
          </dl>
        </section>

        <section className="card" aria-labelledby="destinations-heading">
          <h2 id="destinations-heading">Destinations watched</h2>
          <DestinationList destinations={status.destinations} />
        </section>

        <section className="card" aria-labelledby="siem-heading">
          <h2 id="siem-heading">SIEM delivery</h2>
          <SiemDelivery siem={status.siem} />
        </section>
      </div>

      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent events</h2>
        <RecentEvents events={status.recentEvents} />
      </section>
      <p className="checked-at">Updated {formatTime(status.checkedAt)}</p>
    </div>
  );
}
