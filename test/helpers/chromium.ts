// Debian's headless Chromium driven by playwright-core (never a downloaded
// browser; .ci/run installs the package, CI elsewhere may point CHROMIUM_PATH
// at its own), with a fresh profile closed and removed at teardown.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { scratchDir } from './scratch.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags that keep Chromium from calling home (updates, sync, field trials…),
// so that any request a test sees to another host is the page's own.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function launchChromium(t: Teardown): Promise<BrowserContext> {
  const profile = await mkdtemp(join(scratchDir, 'root-chromium-'));
  t.teardown(() => rm(profile, { recursive: true, force: true }));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());
  return browser;
}
