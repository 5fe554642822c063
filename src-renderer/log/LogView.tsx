import { useCallback, useEffect, useMemo, useState } from 'react';

import type { LogIntegrity } from '../../src-shared/bridge.ts';
import { useBridge } from '../bridge.ts';
import { EventDetail } from './EventDetail.tsx';
import { IntegrityStatus } from './IntegrityStatus.tsx';
import { LogFilterBar } from './LogFilterBar.tsx';
import { emptyFilterForm, toLogFilters, type LogFilterForm } from './log-filter-form.ts';
import { LogTable } from './LogTable.tsx';
import { useLogPages } from './use-log-pages.ts';

/** How long typing pauses before the filters apply. */
const typingSettleMs = 250;

/** The helpdesk's view of the activity log: filters, events, detail, export, integrity. */
export function LogView() {
  const bridge = useBridge();
  const [form, setForm] = useState<LogFilterForm>(emptyFilterForm);
  const [appliedForm, setAppliedForm] = useState<LogFilterForm>(emptyFilterForm);
  const filters = useMemo(() => toLogFilters(appliedForm, Date.now()), [appliedForm]);
  const pages = useLogPages(filters);
  const [selected, setSelected] = useState<number | null>(null);
  const [integrity, setIntegrity] = useState<LogIntegrity | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  // Filters apply once typing pauses
  useEffect(() => {
    const timer = setTimeout(() => {
      setAppliedForm(form);
    }, typingSettleMs);
    return () => {
      clearTimeout(timer);
    };
  }, [form]);

  // The integrity check, now and on request
  const verify = useCallback(() => {
    setIntegrity(null);
    bridge.verifyLog().then(setIntegrity, () => {
      const checkedAt = new Date().toISOString();
      setIntegrity({ state: 'unavailable', message: 'The check could not run.', checkedAt });
    });
  }, [bridge]);
  useEffect(verify, [verify]);

  const exportCsv = (): void => {
    setExported('Exporting…');
    bridge.exportLog(filters).then(
      (result) => {
        setExported(
          result.ok
            ? `Exported ${result.records} ${result.records === 1 ? 'event' : 'events'} to ${result.path}.`
            : result.message,
        );
      },
      () => {
        setExported('The export failed.');
      },
    );
  };

  const chosen = pages.records.find((record) => record.sequence === selected);
  const knownUsers = [...new Set(pages.records.map((record) => record.event.user))];
  const knownDestinations = [
    ...new Set(pages.records.flatMap((record) => record.event.destination?.label ?? [])),
  ];
  return (
    <div className="log-view">
      <div className="log-toolbar">
        <IntegrityStatus integrity={integrity} />
        <div className="toolbar-actions">
          <button type="button" onClick={verify}>
            Check integrity
          </button>
          <button type="button" onClick={exportCsv}>
            Export CSV
          </button>
        </div>
      </div>
      {exported !== null && (
        <p className="export-result" role="status">
          {exported}
        </p>
      )}
      <LogFilterBar
        form={form}
        knownUsers={knownUsers}
        knownDestinations={knownDestinations}
        onChange={setForm}
      />

      <div className="log-body">
        <div className="log-list">
          <p className="result-count" role="status" aria-live="polite">
            {pages.problem ??
              (pages.loading && pages.records.length === 0
                ? 'Loading…'
                : `${pages.records.length}${pages.hasMore ? '+' : ''} ${pages.records.length === 1 ? 'event' : 'events'}`)}
          </p>
          <LogTable records={pages.records} selectedSequence={selected} onSelect={setSelected} />
          {pages.hasMore && (
            <button type="button" className="load-more" onClick={pages.loadMore}>
              Load older events
            </button>
          )}
        </div>
        <aside className="log-detail" aria-label="Event detail">
          {chosen === undefined ? (
            <p className="muted">Choose an event to see every detail.</p>
          ) : (
            <EventDetail event={chosen.event} sequence={chosen.sequence} />
          )}
        </aside>
      </div>
    </div>
  );
}
