// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { ConsoleWindow } from '../../src-renderer/console/ConsoleWindow.tsx';
import { StatusView } from '../../src-renderer/console/StatusView.tsx';
import { activityEvent, statusView } from './support/builders.ts';
import { FakeBridge } from './support/fake-bridge.ts';
import { renderWithBridge } from './support/render.tsx';

describe('StatusView', () => {
  it('shows the state, the policy, the destinations, SIEM delivery and recent events', async () => {
    const bridge = new FakeBridge();
    bridge.status = statusView({
      destinations: [
        {
          id: 'volume:/media/alice/STICK',
          kind: 'removable-volume',
          label: 'STICK',
          path: '/media/alice/STICK',
          detail: 'SanDisk Cruzer Blade (/dev/sdb)',
        },
      ],
      siem: {
        state: 'delivering',
        message: null,
        targets: [
          {
            name: 'siem',
            description: 'syslog+tls://siem.example.com:6514 (cef)',
            queued: 0,
            delivered: 12,
            dropped: 0,
            consecutiveFailures: 0,
            lastSuccessAt: new Date().toISOString(),
            lastError: null,
            overflowSince: null,
          },
        ],
      },
      recentEvents: [activityEvent()],
    });

    renderWithBridge(<StatusView />, bridge);

    expect(await screen.findByRole('heading', { name: 'Protected' })).toBeTruthy();
    expect(screen.getByText('the policy file /etc/copywarden/policy.json')).toBeTruthy();
    const destinations = screen.getByRole('region', { name: 'Destinations watched' });
    expect(within(destinations).getByText('STICK')).toBeTruthy();
    expect(destinations.textContent).toContain('SanDisk Cruzer Blade');
    const siem = screen.getByRole('region', { name: 'SIEM delivery' });
    expect(siem.textContent).toContain('12 delivered');
    const recent = screen.getByRole('region', { name: 'Recent events' });
    expect(within(recent).getByText('server-backup.vhdx')).toBeTruthy();
  });

  it('names the problems when protection is degraded', async () => {
    const bridge = new FakeBridge();
    bridge.status = statusView({
      protection: 'degraded',
      problems: ['The newest policy was refused: removableVolumes.action: invalid value'],
    });

    renderWithBridge(<StatusView />, bridge);

    expect(await screen.findByRole('heading', { name: 'Protection degraded' })).toBeTruthy();
    expect(screen.getByText(/removableVolumes.action: invalid value/)).toBeTruthy();
  });
});

describe('ConsoleWindow', () => {
  it('switches views from its tabs and when the tray asks', async () => {
    const bridge = new FakeBridge();
    bridge.status = statusView();
    renderWithBridge(<ConsoleWindow initialView="status" />, bridge);
    await screen.findByRole('heading', { name: 'Protected' });

    fireEvent.click(screen.getByRole('button', { name: 'Activity log' }));
    expect(await screen.findByRole('search', { name: 'Filter the activity log' })).toBeTruthy();
    bridge.pushShowView('status');

    expect(await screen.findByRole('heading', { name: 'Protected' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Status' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });
});
