import { useEffect, useState } from 'react';

import type { ConsoleView } from '../../src-shared/bridge.ts';
import { useBridge } from '../bridge.ts';
import { LogView } from '../log/LogView.tsx';
import { StatusView } from './StatusView.tsx';

const viewTitles: Record<ConsoleView, string> = {
  status: 'Status',
  log: 'Activity log',
};

/** The console window: the status view and the helpdesk's activity log view. */
export function ConsoleWindow({ initialView }: { initialView: ConsoleView }) {
  const bridge = useBridge();
  const [view, setView] = useState(initialView);

  // The tray menu picks the view of an open window
  useEffect(() => bridge.onShowView(setView), [bridge]);
  useEffect(() => {
    document.title = `Copywarden: ${viewTitles[view].toLowerCase()}`;
  }, [view]);

  return (
    <div className="console">
      <header className="console-header">
        <span className="brand">Copywarden</span>
        <nav aria-label="Views">
          {(Object.keys(viewTitles) as ConsoleView[]).map((name) => (
            <button
              key={name}
              type="button"
              className="tab"
              aria-current={view === name ? 'page' : undefined}
              onClick={() => {
                setView(name);
              }}
            >
              {viewTitles[name]}
            </button>
          ))}
        </nav>
      </header>
      <main className="console-main">{view === 'status' ? <StatusView /> : <LogView />}</main>
    </div>
  );
}
