// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { PromptWindow } from '../../src-renderer/prompt/PromptWindow.tsx';
import { promptView } from './support/builders.ts';
import { FakeBridge } from './support/fake-bridge.ts';
import { renderWithBridge } from './support/render.tsx';

async function openDialog(bridge: FakeBridge) {
  renderWithBridge(<PromptWindow />, bridge);
  return screen.findByRole('alertdialog');
}

describe('PromptDialog', () => {
  it('lists the held files, the destination with its device, and why it matters', async () => {
    const bridge = new FakeBridge();
    bridge.prompts = [promptView()];

    const dialog = await openDialog(bridge);

    expect(within(dialog).getByRole('heading', { level: 1 }).textContent).toBe(
      'Why are you copying a backup file?',
    );
    const files = within(dialog).getByRole('table');
    expect(within(files).getByText('server-backup.vhdx')).toBeTruthy();
    expect(within(files).getByText('3.0 MiB')).toBeTruthy();
    expect(within(files).getByText('vhdx')).toBeTruthy();
    expect(dialog.textContent).toContain('SanDisk Cruzer Blade (/dev/sdb)');
    expect(dialog.textContent).toContain('VHDX signature at offset 0');
    expect(within(dialog).getByText('medium risk')).toBeTruthy();
  });

  it("offers the policy's reasons as labelled radio buttons and focuses the first", async () => {
    const bridge = new FakeBridge();
    bridge.prompts = [promptView()];

    await openDialog(bridge);
    const first = screen.getByRole('radio', { name: 'Approved business need' });

    expect(screen.getAllByRole('radio')).toHaveLength(2);
    expect(document.activeElement).toBe(first);
    expect(screen.getByRole('group', { name: 'Reason for the copy' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: /optional/ })).toBeTruthy();
  });

  it('sends the chosen reason and the text as a justification', async () => {
    const bridge = new FakeBridge();
    const prompt = promptView();
    bridge.prompts = [prompt];
    await openDialog(bridge);

    fireEvent.click(screen.getByRole('radio', { name: 'Approved business need' }));
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'ticket 4711' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit justification' }));

    await waitFor(() => {
      expect(bridge.answers).toEqual([
        {
          promptId: prompt.id,
          answer: { kind: 'justify', reason: 'Approved business need', text: 'ticket 4711' },
        },
      ]);
    });
  });

  it('asks for a reason before sending anything', async () => {
    const bridge = new FakeBridge();
    bridge.prompts = [promptView()];
    await openDialog(bridge);

    fireEvent.click(screen.getByRole('button', { name: 'Submit justification' }));

    expect(screen.getByRole('alert').textContent).toBe('Choose a reason for the copy.');
    expect(bridge.answers).toHaveLength(0);
  });

  it('asks for text in the user’s own words when the policy requires it', async () => {
    const bridge = new FakeBridge();
    bridge.prompts = [promptView({ requireText: true })];
    await openDialog(bridge);

    fireEvent.click(screen.getByRole('radio', { name: 'Approved business need' }));
    fireEvent.change(screen.getByRole('textbox', { name: /required/ }), {
      target: { value: '   ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Submit justification' }));

    expect(screen.getByRole('alert').textContent).toContain('in your own words');
    expect(bridge.answers).toHaveLength(0);
  });

  it('sends a cancel', async () => {
    const bridge = new FakeBridge();
    const prompt = promptView();
    bridge.prompts = [prompt];
    await openDialog(bridge);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel the copy' }));

    await waitFor(() => {
      expect(bridge.answers).toEqual([{ promptId: prompt.id, answer: { kind: 'cancel' } }]);
    });
  });

  it("shows the host's refusal of an answer", async () => {
    const bridge = new FakeBridge();
    bridge.prompts = [promptView()];
    bridge.answerResult = { ok: false, message: 'no pending prompt 42' };
    await openDialog(bridge);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel the copy' }));

    await waitFor(() => {
      expect(screen.getByRole('alert').textContent).toContain('no pending prompt 42');
    });
  });

  it('counts down to the default outcome and says what it is', async () => {
    const bridge = new FakeBridge();
    bridge.prompts = [promptView({ defaultOutcome: 'release' }, 65)];

    await openDialog(bridge);
    const timer = screen.getByRole('timer');

    expect(timer.textContent).toMatch(/^1:0[45]$/);
    expect(timer.parentElement?.textContent).toContain('the files are released');
    expect(screen.getByRole('progressbar', { name: 'Time left to answer' })).toBeTruthy();
  });
});

describe('PromptWindow', () => {
  it('shows one dialog at a time and queues the next prompt behind it', async () => {
    const bridge = new FakeBridge();
    const first = promptView();
    const second = promptView({
      destination: { id: 'cloud:dropbox', label: 'Dropbox', kind: 'cloud-sync', detail: null },
    });
    bridge.prompts = [first];
    await openDialog(bridge);

    bridge.pushPrompts([first, second]);
    await screen.findByText(/One more copy waits/);
    const dialogs = screen.getAllByRole('alertdialog');
    bridge.pushPrompts([second]);

    expect(dialogs).toHaveLength(1);
    await waitFor(() => {
      expect(screen.getByRole('alertdialog').textContent).toContain('Dropbox');
    });
    expect(screen.queryByText(/more cop(y|ies) wait/)).toBeNull();
  });

  it('says so when no copy waits, and unsubscribes when closed', async () => {
    const bridge = new FakeBridge();

    const { unmount } = renderWithBridge(<PromptWindow />, bridge);

    expect(await screen.findByText('No copy is waiting for your answer.')).toBeTruthy();
    unmount();
    expect(bridge.listenerCount).toBe(0);
  });
});
