import { chromium, type BrowserContext } from 'playwright-core';

import { createTempDirectory } from '../../support/temp.ts';

/** Debian's Chromium. */
export const chromiumPath = '/usr/bin/chromium';

/** Flags that keep Chromium quiet and offline: no GPU, no background services, no updates. */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A Chromium with a profile of its own, removed on dispose. */
export interface ChromiumSession {
  context: BrowserContext;
  dispose(): Promise<void>;
}

/** Launches Chromium with a fresh user data directory. */
export async function launchChromium(): Promise<ChromiumSession> {
  const profile = await createTempDirectory('copywarden-chromium-');
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1120, height: 780 },
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  return {
    context,
    dispose: async () => {
      await context.close();
      await profile.dispose();
    },
  };
}
