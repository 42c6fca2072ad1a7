import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardPage, launchChromium } from '../harness/browser';
import { createVendorWithOwner } from '../harness/team';

let browser: Browser;
let receiver: Server;
let receiverUrl: string;
let hits = 0;

beforeAll(async () => {
  browser = await launchChromium();
  receiver = createServer((req, res) => {
    hits += 1;
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhooks in a real browser', { timeout: 90_000 }, () => {
  test('an owner adds an endpoint (secret shown once), tests it, sees the delivery, pauses and deletes it', async () => {
    const vendor = await createVendorWithOwner('Browser Hooks Co');
    const page = await dashboardPage(browser, vendor.slug, vendor.owner, '/dashboard/webhooks');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Webhooks');
    await expect(page.getByText('No webhook endpoints yet').isVisible()).resolves.toBe(true);

    // A plain-http address outside loopback is refused, next to the field.
    await page.locator('#endpoint-url').fill('http://example.com/hooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('the URL must use https').waitFor();

    await page.locator('#endpoint-url').fill(receiverUrl);
    await page.getByLabel('All events, including ones added later').uncheck();
    await page.getByLabel('order.placed.v1').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = page.locator('#new-secret');
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^whsec_/);
    const row = page.locator('tbody tr', { hasText: receiverUrl });
    await expect(row.textContent()).resolves.toContain('order.placed.v1');
    await page.getByRole('button', { name: 'I have stored it' }).click();

    await row.getByRole('button', { name: /Send a test event/ }).click();
    await expect.poll(() => hits, { timeout: 20_000 }).toBeGreaterThan(0);
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('Paused', { exact: true }).waitFor();

    await row.getByRole('link', { name: 'Deliveries' }).click();
    await page.waitForURL(/\/dashboard\/webhooks\/[0-9a-f-]{36}$/);
    const delivery = page.locator('tbody tr', { hasText: 'webhook.test' });
    await expect
      .poll(
        async () => {
          await page.reload();
          return delivery.textContent();
        },
        { timeout: 20_000 },
      )
      .toContain('succeeded');
    await delivery.getByRole('button', { name: /Replay/ }).click();
    await delivery.getByText('pending', { exact: true }).waitFor();

    await page.getByRole('link', { name: '← Webhooks' }).click();
    await page
      .locator('tbody tr', { hasText: receiverUrl })
      .getByRole('button', { name: /Delete/ })
      .click();
    await page.getByText('No webhook endpoints yet').waitFor();
  });
});
