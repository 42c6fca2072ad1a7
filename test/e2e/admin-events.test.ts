import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../harness/browser';
import { fileDeadLetter, processedOf } from '../harness/pipeline';
import { createTestVendor, DEMO_PASSWORD, eventually, hostUrl } from '../harness/platform';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the admin events page in a real browser', () => {
  test('shows the pipeline and replays a dead letter with its button', { timeout: 90_000 }, async () => {
    const vendor = await createTestVendor();
    const letter = await fileDeadLetter(vendor.id, 'stock');
    const path = `/events?vendor=${vendor.id}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(hostUrl('admin', `/login?next=${encodeURIComponent(path)}`));
    await page.getByLabel('Email').fill('admin@vitrine.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(hostUrl('admin', path));

    await expect(page.locator('.figure', { hasText: 'Waiting in the outbox' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Events' }).getAttribute('aria-current')).resolves.toBe('page');
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/admin-events.png`, fullPage: true });

    await page.getByRole('button', { name: /Replay/ }).click();
    await page.waitForURL(/notice=replayed/);
    await expect(page.getByText('The message was sent to its consumer again').isVisible()).resolves.toBe(true);
    await expect(page.getByText('No dead letter matches').isVisible()).resolves.toBe(true);
    await eventually(
      async () => {
        const rows = await processedOf([vendor.id]);
        const record = rows.find((row) => row.consumer === 'stock' && row.messageId === letter.messageId);
        return record && record.processedAt.getTime() > Date.now() - 60_000 ? record : undefined;
      },
      20_000,
      'the stock consumer to apply the replayed message',
    );
    await context.close();
  });
});
