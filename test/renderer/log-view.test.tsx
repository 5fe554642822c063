// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { LogView } from '../../src-renderer/log/LogView.tsx';
import { activityEvent } from './support/builders.ts';
import { FakeBridge } from './support/fake-bridge.ts';
import { renderWithBridge } from './support/render.tsx';

function bridgeWithEvents(): FakeBridge {
  const bridge = new FakeBridge();
  bridge.events = [
    activityEvent({ risk: 'high', message: 'backup (bak) written to unapproved sync folder' }),
    activityEvent({
      risk: 'none',
      detection: null,
      action: null,
      outcome: 'allowed',
      file: null,
      type: 'agent-started',
      message: 'protecting with the embedded policy',
    }),
  ];
  return bridge;
}

describe('LogView', () => {
  it('lists the events newest first with their outcome', async () => {
    const bridge = bridgeWithEvents();

    renderWithBridge(<LogView />, bridge);
    const table = await screen.findByRole('table');

    await waitFor(() => {
      expect(within(table).getAllByRole('row')).toHaveLength(3);
    });
    expect(within(table).getByRole('button', { name: 'server-backup.vhdx' })).toBeTruthy();
    expect(within(table).getByRole('button', { name: 'Agent started' })).toBeTruthy();
    expect(within(table).getByText('Held')).toBeTruthy();
  });

  it('sends the chosen filters to the host and shows only what matches', async () => {
    const bridge = bridgeWithEvents();
    renderWithBridge(<LogView />, bridge);
    await screen.findByRole('button', { name: 'Agent started' });

    fireEvent.change(screen.getByRole('combobox', { name: 'Risk' }), { target: { value: 'high' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'sync folder' },
    });

    await waitFor(() => {
      expect(bridge.queries.at(-1)).toMatchObject({ risk: 'high', search: 'sync folder' });
    });
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Agent started' })).toBeNull();
    });
    expect(screen.getByRole('button', { name: 'server-backup.vhdx' })).toBeTruthy();
  });

  it('shows every detail of the chosen event', async () => {
    const bridge = bridgeWithEvents();
    renderWithBridge(<LogView />, bridge);

    fireEvent.click(await screen.findByRole('button', { name: 'server-backup.vhdx' }));
    const detail = screen.getByRole('complementary', { name: 'Event detail' });

    expect(within(detail).getByText('/media/alice/STICK/server-backup.vhdx')).toBeTruthy();
    expect(within(detail).getByText('backup (bak) written to unapproved sync folder')).toBeTruthy();
    expect(within(detail).getByText('high risk')).toBeTruthy();
  });

  it('exports the filtered events and says where they went', async () => {
    const bridge = bridgeWithEvents();
    bridge.exportResult = { ok: true, path: '/home/alice/log.csv', records: 1 };
    renderWithBridge(<LogView />, bridge);
    fireEvent.change(screen.getByRole('combobox', { name: 'Risk' }), { target: { value: 'high' } });
    await waitFor(() => {
      expect(bridge.queries.at(-1)).toMatchObject({ risk: 'high' });
    });

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(await screen.findByText('Exported 1 event to /home/alice/log.csv.')).toBeTruthy();
    expect(bridge.exports).toEqual([{ risk: 'high' }]);
  });

  it('shows the integrity check result, and a broken chain as an alert', async () => {
    const bridge = bridgeWithEvents();
    bridge.integrity = {
      state: 'broken',
      records: 16,
      sequence: 17,
      eventId: null,
      kind: 'edited',
      detail: 'its MAC does not match its content',
      checkedAt: new Date().toISOString(),
    };

    renderWithBridge(<LogView />, bridge);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('NOT intact');
    expect(alert.textContent).toContain('Record 17 is edited');
  });
});
