import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium: the tests never download a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// An ordinary desktop user agent: the sdk skips headless and automated browsers as bots.
const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

export interface Shopper {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A shopper's browser: real Chromium, headless, with a fresh profile. It does
 * not announce automation (no --enable-automation, so navigator.webdriver is
 * false) and has a plain user agent, so the sdk treats it as a person.
 * `locale` is the language the shopper's browser asks for.
 * @example const shopper = await launchShopper(); const page = await shopper.context.newPage();
 */
export async function launchShopper(opts: { asBot?: boolean; locale?: string } = {}): Promise<Shopper> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'vitrina-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.asBot ? [] : ['--disable-blink-features=AutomationControlled']),
    ],
    ignoreDefaultArgs: opts.asBot ? [] : ['--enable-automation'],
    ...(opts.asBot ? {} : { userAgent }),
    // The browser's language (navigator.language(s) and Accept-Language), as a shopper sets it.
    ...(opts.locale ? { locale: opts.locale } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
