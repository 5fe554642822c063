import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { RiskBadge } from '../common/RiskBadge.tsx';
import { destinationKindLabel, formatBytes, formatTime, outcomeLabels } from '../format.ts';

/** Every field of one event, for the detail pane. */
export function EventDetail({ event, sequence }: { event: ActivityEvent; sequence: number }) {
  const { file, destination } = event;
  return (
    <section className="detail" aria-labelledby="detail-heading">
      <h2 id="detail-heading">Event {sequence}</h2>
      <p className="detail-message">{event.message}</p>
      <dl className="facts">
        <dt>Time</dt>
        <dd>{formatTime(event.time)}</dd>
        <dt>Type</dt>
        <dd>{event.type}</dd>
        <dt>User</dt>
        <dd>
          {event.user}
          {event.group === null ? '' : ` (group ${event.group})`}
        </dd>
        <dt>Machine</dt>
        <dd className="mono">{event.machineId}</dd>
        <dt>Detection</dt>
        <dd>{event.detection ?? 'none'}</dd>
        <dt>Risk</dt>
        <dd>
          <RiskBadge risk={event.risk} />
        </dd>
        <dt>Action</dt>
        <dd>{event.action ?? 'none'}</dd>
        <dt>Outcome</dt>
        <dd>{outcomeLabels[event.outcome]}</dd>
        {file !== null && (
          <>
            <dt>File</dt>
            <dd>{file.name}</dd>
            <dt>Path</dt>
            <dd className="mono">{file.path}</dd>
            <dt>Size</dt>
            <dd>{formatBytes(file.sizeBytes)}</dd>
            <dt>Format</dt>
            <dd>
              {file.format ?? 'unknown'} ({file.category}
              {file.encrypted === true ? ', encrypted' : ''})
            </dd>
            {file.sha256 !== null && (
              <>
                <dt>SHA-256</dt>
                <dd className="mono">{file.sha256}</dd>
              </>
            )}
          </>
        )}
        {destination !== null && (
          <>
            <dt>Destination</dt>
            <dd>
              {destination.label} ({destinationKindLabel(destination.kind)}
              {destination.provider === null ? '' : `, ${destination.provider}`})
            </dd>
            <dt>Destination id</dt>
            <dd className="mono">{destination.id}</dd>
          </>
        )}
        {event.quarantineId !== null && (
          <>
            <dt>Quarantine id</dt>
            <dd className="mono">{event.quarantineId}</dd>
          </>
        )}
        <dt>Event id</dt>
        <dd className="mono">{event.eventId}</dd>
      </dl>
    </section>
  );
}
