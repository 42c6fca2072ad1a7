import { type Browser, chromium, type Page } from 'playwright-core';
import { hostUrl } from './platform';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium as the browser tests run it. The background-networking flags keep it from
 * calling out of this machine's closed network at every start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh browser profile signed in to a vendor's dashboard through its sign-in page, landing on
 * `path`. Confirmation dialogs (delete, revoke…) are accepted, as the person meant to click.
 */
export async function dashboardPage(
  browser: Browser,
  slug: string,
  person: { email: string; password: string },
  path: string,
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(hostUrl(slug, `/dashboard/login?next=${encodeURIComponent(path)}`));
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(hostUrl(slug, path));
  return page;
}
