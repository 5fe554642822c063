import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { OutcomeBadge } from '../common/OutcomeBadge.tsx';
import { eventSubject, formatTime } from '../format.ts';

/** The newest events, one line each. */
export function RecentEvents({ events }: { events: readonly ActivityEvent[] }) {
  if (events.length === 0) {
    return <p className="muted">Nothing recorded yet.</p>;
  }
  return (
    <table className="events compact">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">What</th>
          <th scope="col">Where</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.eventId}>
            <td className="time">{formatTime(event.time)}</td>
            <td>{eventSubject(event)}</td>
            <td>{event.destination?.label ?? ''}</td>
            <td>
              <OutcomeBadge outcome={event.outcome} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
