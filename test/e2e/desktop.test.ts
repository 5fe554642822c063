import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { canRun } from '../support/requirements.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../support/volumes.ts';
import { buildDesktop, type DesktopBuild } from './support/build-desktop.ts';
import { chromiumPath, launchChromium, type ChromiumSession } from './support/chromium.ts';
import { startDesktop, type Desktop } from './support/desktop-harness.ts';
import { serveRenderer, type RendererServer } from './support/renderer-server.ts';

const run = promisify(execFile);
/**
 * Where the views' screenshots go: into the README's folder when asked for
 * (`COPYWARDEN_UPDATE_SCREENSHOTS=1 npx vitest run test/e2e`), else beside the test run, so that
 * an ordinary test run leaves the repository as it was.
 */
const screenshots =
  process.env['COPYWARDEN_UPDATE_SCREENSHOTS'] === '1'
    ? new URL('../../docs/screenshots/', import.meta.url).pathname
    : join(tmpdir(), 'copywarden-screenshots');

/** The dialog's window size in the host. */
const dialogViewport = { width: 760, height: 860 };

/**
 * The desktop end to end: the built renderer in Debian's Chromium, with the bridge the preload
 * exposes, over the host's IPC side and a real engine; files copied with cp onto a real ext4
 * loop volume drive the flows. Screenshots for the README are taken on the way.
 */
describe.runIf(canRun({ root: true, tools: [...volumeTools.ext4, 'qemu-img', chromiumPath] }))(
  'desktop end to end',
  () => {
    let build: DesktopBuild;
    let buildFolder: TempDirectory;
    let server: RendererServer;
    let samples: TempDirectory;
    let vhdx: string;

    let work: TempDirectory;
    let volume: TestVolume | null = null;
    let chromium: ChromiumSession | null = null;
    let desktop: Desktop | null = null;

    beforeAll(async () => {
      buildFolder = await createTempDirectory('copywarden-desktop-build-');
      build = await buildDesktop(buildFolder.path);
      server = await serveRenderer(build.rendererDir);
      samples = await createTempDirectory('copywarden-samples-');
      vhdx = join(samples.path, 'finance-db-server.vhdx');
      await run('qemu-img', ['create', '-q', '-f', 'vhdx', vhdx, '24M']);
      await mkdir(screenshots, { recursive: true });
    });
    afterAll(async () => {
      await server.dispose();
      await buildFolder.dispose();
      await samples.dispose();
    });

    beforeEach(async () => {
      work = await createTempDirectory();
    });
    afterEach(async () => {
      // No page broke the Content Security Policy or threw
      const pageErrors = desktop?.pageErrors ?? [];

      // Every step runs even when one before it fails, so that no mount or browser is left
      const steps = [desktop, chromium, volume, work].map((item) => async () => item?.dispose());
      const failures: unknown[] = [];
      for (const step of steps) {
        await step().catch((error: unknown) => failures.push(error));
      }
      desktop = null;
      chromium = null;
      volume = null;
      expect(failures).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    /** Mounts a stick, starts the engine with `prompt` settings and Chromium as its windows. */
    async function startWith(
      prompt: object,
    ): Promise<{ desktop: Desktop; mountPoint: string; context: BrowserContext }> {
      const mountRoot = join(work.path, 'media');
      await mkdir(mountRoot);
      volume = await mountTestVolume({
        filesystem: 'ext4',
        mountRoot,
        label: 'STICK',
        sizeMiB: 96,
      });
      chromium = await launchChromium();
      desktop = await startDesktop({
        context: chromium.context,
        rendererOrigin: server.origin,
        preloadSource: build.preloadSource,
        folder: work.path,
        policy: {
          version: 1,
          removableVolumes: { mountRoots: [mountRoot], action: 'prompt' },
          cloudSync: { monitor: false },
          prompt: { timeoutSeconds: 300, batchWindowSeconds: 1, ...prompt },
        },
      });
      return { desktop, mountPoint: volume.mountPoint, context: chromium.context };
    }

    async function copyToStick(mountPoint: string, ...files: string[]): Promise<void> {
      await run('cp', ['--sparse=never', ...files, mountPoint]);
    }

    async function sha256(path: string): Promise<string> {
      return createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    }

    function noPromptLeft(page: Page) {
      return page.getByText('No copy is waiting for your answer.').waitFor({ timeout: 20_000 });
    }

    it('shows the held file, releases it byte-identical on a justification, and logs why', async () => {
      const { desktop, mountPoint } = await startWith({});
      const dialogPage = await desktop.open('prompt', dialogViewport);

      // The dialog appears with the copied file
      await copyToStick(mountPoint, vhdx);
      const dialog = dialogPage.getByRole('alertdialog');
      await dialog.waitFor({ timeout: 20_000 });
      const files = dialog.getByRole('table');
      const row = files.getByRole('row').filter({ hasText: 'finance-db-server.vhdx' });
      await row.waitFor();
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        `finance-db-server.vhdx${join(mountPoint, 'finance-db-server.vhdx')}`,
        expect.stringMatching(/^\d+(\.\d)? (KiB|MiB)$/) as string,
        'vhdx',
      ]);
      expect(await dialog.textContent()).toContain('STICK');
      await dialog.getByText('Unauthorized Device Transfer').waitFor();
      await dialogPage.screenshot({ path: join(screenshots, 'justification-dialog.png') });
      await dialogPage.emulateMedia({ colorScheme: 'dark' });
      await dialogPage.screenshot({ path: join(screenshots, 'justification-dialog-dark.png') });
      await dialogPage.emulateMedia({ colorScheme: 'light' });
      await expect(stat(join(mountPoint, 'finance-db-server.vhdx'))).rejects.toMatchObject({
        code: 'ENOENT',
      });

      // Answered by keyboard alone: the first reason has focus, then the text, then Submit
      await dialogPage.keyboard.press('Space');
      expect(
        await dialogPage.getByRole('radio', { name: 'Approved business need' }).isChecked(),
      ).toBe(true);
      await dialogPage.keyboard.press('Tab');
      await dialogPage.keyboard.type('restore test, ticket 4711');
      await dialogPage.keyboard.press('Tab');
      await dialogPage.keyboard.press('Tab');
      await dialogPage.keyboard.press('Enter');

      // Which releases the file exactly as it was
      await noPromptLeft(dialogPage);
      const released = join(mountPoint, 'finance-db-server.vhdx');
      await waitFor(
        async () => (await stat(released).catch(() => null)) !== null,
        10_000,
        'the release',
      );
      expect(await sha256(released)).toBe(await sha256(vhdx));

      // The log shows the justification
      const logPage = await desktop.open('log');
      await logPage.getByRole('searchbox', { name: 'Search' }).fill('ticket 4711');
      await logPage.getByRole('button', { name: 'finance-db-server.vhdx' }).first().click();
      const detail = logPage.getByRole('complementary', { name: 'Event detail' });
      await detail.getByText(/justified by the user as "Approved business need"/).waitFor();
      expect(await detail.textContent()).toContain('prompt-answered');
    });

    it('keeps the file held in the quarantine when the user cancels', async () => {
      const { desktop, mountPoint } = await startWith({});
      const dialogPage = await desktop.open('prompt', dialogViewport);

      await copyToStick(mountPoint, vhdx);
      await dialogPage.getByRole('alertdialog').waitFor({ timeout: 20_000 });
      await dialogPage.getByRole('button', { name: 'Cancel the copy' }).click();
      await noPromptLeft(dialogPage);

      // The answer is recorded once the files are settled
      await waitFor(
        () => desktop.engine.queryLog({ type: 'prompt-answered' }).length === 1,
        10_000,
        'the recorded answer',
      );
      await expect(stat(join(mountPoint, 'finance-db-server.vhdx'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
      const quarantined = await desktop.engine.listQuarantine();
      expect(quarantined).toMatchObject([
        { state: 'blocked', originalPath: join(mountPoint, 'finance-db-server.vhdx') },
      ]);
      expect(desktop.engine.queryLog({ type: 'prompt-answered' })[0]?.message).toBe(
        'the user cancelled the copy',
      );
    });

    it('queues a second copy behind the open dialog instead of opening another', async () => {
      const { desktop, mountPoint } = await startWith({});
      const card = await mountTestVolume({
        filesystem: 'ext4',
        mountRoot: join(work.path, 'media'),
        label: 'CARD',
        sizeMiB: 64,
      });
      try {
        const dialogPage = await desktop.open('prompt', dialogViewport);
        await waitFor(
          () => desktop.engine.status().destinations.length === 2,
          10_000,
          'CARD armed',
        );

        // A copy to each volume: two prompts, one dialog
        await copyToStick(mountPoint, vhdx);
        await dialogPage.getByRole('alertdialog').waitFor({ timeout: 20_000 });
        await copyToStick(card.mountPoint, vhdx);
        await dialogPage
          .getByText('One more copy waits for an answer after this one.')
          .waitFor({ timeout: 20_000 });
        expect(await dialogPage.getByRole('alertdialog').count()).toBe(1);
        expect(await dialogPage.getByRole('alertdialog').textContent()).toContain('STICK');

        // Answering the first brings the second
        await dialogPage.getByRole('button', { name: 'Cancel the copy' }).click();
        await dialogPage.getByRole('alertdialog').getByText('CARD', { exact: true }).waitFor();
        await dialogPage.getByRole('button', { name: 'Cancel the copy' }).click();
        await noPromptLeft(dialogPage);
        expect(desktop.engine.pendingPrompts()).toEqual([]);
      } finally {
        await desktop.dispose();
        await card.dispose();
      }
    });

    it('counts down and applies the default outcome when nobody answers', async () => {
      const { desktop, mountPoint } = await startWith({
        timeoutSeconds: 10,
        defaultOutcome: 'block',
      });
      const dialogPage = await desktop.open('prompt', dialogViewport);

      await copyToStick(mountPoint, vhdx);
      const timer = dialogPage.getByRole('timer');
      await timer.waitFor({ timeout: 20_000 });
      const first = await timer.textContent();
      await dialogPage.waitForTimeout(1_500);
      const later = await timer.textContent();
      expect(await dialogPage.getByRole('alertdialog').textContent()).toContain(
        'the files stay blocked',
      );
      await noPromptLeft(dialogPage);

      expect(secondsOf(later)).toBeLessThan(secondsOf(first));
      expect(secondsOf(first)).toBeLessThanOrEqual(10);
      await waitFor(
        () => desktop.engine.queryLog({ type: 'prompt-answered' }).length === 1,
        10_000,
        'the recorded default',
      );
      expect(desktop.engine.queryLog({ type: 'prompt-answered' })[0]).toMatchObject({
        outcome: 'quarantined',
        message: 'no answer in time; the default applied (block)',
      });
      await expect(stat(join(mountPoint, 'finance-db-server.vhdx'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
    });

    it('filters the log, exports what it shows, checks integrity, and shows the status', async () => {
      const { desktop, mountPoint } = await startWith({});
      const dialogPage = await desktop.open('prompt', dialogViewport);
      const notes = join(samples.path, 'meeting-notes.txt');
      await run('sh', ['-c', `printf 'Agenda: quarterly planning.\\n%.0s' $(seq 40) > "${notes}"`]);

      // Two copies: a text file (recorded) and a backup (held, then justified)
      await copyToStick(mountPoint, notes, vhdx);
      await dialogPage.getByRole('alertdialog').waitFor({ timeout: 20_000 });
      await dialogPage
        .getByRole('radio', { name: 'Moving the backup to storage approved by IT' })
        .check();
      await dialogPage.getByRole('button', { name: 'Submit justification' }).click();
      await noPromptLeft(dialogPage);
      await waitFor(
        () => desktop.engine.queryLog({ type: 'file-landed' }).length >= 2,
        10_000,
        'two files',
      );

      // Filter by action: only the backup's events remain
      const logPage = await desktop.open('log');
      await logPage.getByRole('button', { name: 'meeting-notes.txt' }).waitFor();
      await logPage.getByRole('combobox', { name: 'Action' }).selectOption('prompt');
      await logPage
        .getByRole('button', { name: 'meeting-notes.txt' })
        .waitFor({ state: 'detached' });
      const rows = logPage.getByRole('button', { name: 'finance-db-server.vhdx' });
      await waitFor(async () => (await rows.count()) === 2, 5_000, "the backup's two events");
      await rows.first().click();
      await logPage.getByText(/^Integrity: intact\./).waitFor();
      await logPage.screenshot({ path: join(screenshots, 'activity-log.png') });

      // Export what the filter shows
      await logPage.getByRole('button', { name: 'Export CSV' }).click();
      await logPage.getByText(/^Exported 2 events to /).waitFor();
      const csv = (await readFile(desktop.exportPath, 'utf8')).trim().split('\r\n');
      expect(csv[0]?.startsWith('sequence,chainMac,eventId,time,type,user')).toBe(true);
      expect(csv.slice(1).map((line) => line.includes('finance-db-server.vhdx'))).toEqual([
        true,
        true,
      ]);
      expect(csv.slice(1).some((line) => line.includes(',prompt,released,'))).toBe(true);

      // The status view
      const statusPage = await desktop.open('status');
      await statusPage.getByRole('heading', { name: 'Protected' }).waitFor();
      const destinations = statusPage.getByRole('region', { name: 'Destinations watched' });
      expect(await destinations.textContent()).toContain(mountPoint);
      await statusPage
        .getByRole('region', { name: 'Recent events' })
        .getByText('meeting-notes.txt')
        .waitFor();
      await statusPage.screenshot({ path: join(screenshots, 'status.png') });
    });

    it('refuses a call from a page the host did not open, and logs the refusal', async () => {
      const { desktop, context } = await startWith({});
      const stranger = await context.newPage();
      await stranger.goto(`${server.origin}/index.html#status`);

      const failed = await stranger.evaluate(() =>
        (globalThis as unknown as { copywarden: { getPrompts(): Promise<unknown> } }).copywarden
          .getPrompts()
          .then(
            () => 'answered',
            (error: unknown) => String(error),
          ),
      );

      expect(failed).toContain('refused');
      const refusals = desktop.diagnostics.filter((record) => record.tag === 'Ipc');
      expect(refusals[0]?.message).toContain('is not a window this app created');
      await stranger.close();
    });
  },
);

function secondsOf(text: string | null): number {
  const [minutes, seconds] = (text ?? '').split(':').map(Number);
  return (minutes ?? 0) * 60 + (seconds ?? 0);
}
