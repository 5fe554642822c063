import type { LogIntegrity } from '../../src-shared/bridge.ts';
import { formatTime } from '../format.ts';

/** The result of the log's integrity check, in a sentence helpdesk can read out. */
export function IntegrityStatus({ integrity }: { integrity: LogIntegrity | null }) {
  if (integrity === null) {
    return <p className="integrity">Checking the log's integrity…</p>;
  }
  switch (integrity.state) {
    case 'intact':
      return (
        <p className="integrity intact" role="status">
          <strong>Integrity: intact.</strong> All {integrity.records} records verify (checked{' '}
          {formatTime(integrity.checkedAt)}).
        </p>
      );
    case 'broken':
      return (
        <p className="integrity broken" role="alert">
          <strong>Integrity: NOT intact.</strong> Record {integrity.sequence} is {integrity.kind}:{' '}
          {integrity.detail}. {integrity.records} records before it verify.
        </p>
      );
    case 'unavailable':
      return (
        <p className="integrity unavailable" role="status">
          <strong>Integrity: not checked.</strong> {integrity.message}
        </p>
      );
  }
}
