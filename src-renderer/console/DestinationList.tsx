import type { DestinationView } from '../../src-shared/bridge.ts';
import { destinationKindLabel } from '../format.ts';

/** The destinations being watched, or a sentence saying there are none. */
export function DestinationList({ destinations }: { destinations: readonly DestinationView[] }) {
  if (destinations.length === 0) {
    return (
      <p className="muted">
        None right now. Removable drives, sync folders and shares are watched as they appear.
      </p>
    );
  }
  return (
    <ul className="destinations">
      {destinations.map((destination) => (
        <li key={destination.id}>
          <span className="destination-label">{destination.label}</span>
          <span className="muted">
            {destinationKindLabel(destination.kind)}
            {destination.detail === null ? '' : `, ${destination.detail}`}
          </span>
          <span className="path">{destination.path}</span>
        </li>
      ))}
    </ul>
  );
}
