import type { LogRecord } from '../../src-shared/bridge.ts';
import { RiskBadge } from '../common/RiskBadge.tsx';
import { OutcomeBadge } from '../common/OutcomeBadge.tsx';
import { eventSubject, formatTime } from '../format.ts';

/** The events of the loaded pages; choosing one shows it in the detail pane. */
export interface LogTableProps {
  records: readonly LogRecord[];
  selectedSequence: number | null;
  onSelect: (sequence: number) => void;
}

/** The log as a table, newest first. Each row's subject is a button that selects it. */
export function LogTable({ records, selectedSequence, onSelect }: LogTableProps) {
  return (
    <table className="events">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">User</th>
          <th scope="col">Detection</th>
          <th scope="col">Risk</th>
          <th scope="col">Destination</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {records.map(({ sequence, event }) => {
          const selected = sequence === selectedSequence;
          return (
            <tr key={sequence} className={selected ? 'selected' : undefined}>
              <td className="time">{formatTime(event.time)}</td>
              <td>
                <button
                  type="button"
                  className="row-button"
                  aria-pressed={selected}
                  onClick={() => {
                    onSelect(sequence);
                  }}
                >
                  {eventSubject(event)}
                </button>
              </td>
              <td>{event.user}</td>
              <td>{event.detection ?? ''}</td>
              <td>{event.risk === 'none' ? '' : <RiskBadge risk={event.risk} />}</td>
              <td>{event.destination?.label ?? ''}</td>
              <td>
                <OutcomeBadge outcome={event.outcome} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
