import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../harness/browser';
import { DEMO_PASSWORD, hostUrl } from '../harness/platform';
import { type OrderShop, orderShop } from './order-fixtures';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile signed in to the vendor's dashboard through its sign-in page. */
async function signedInPage(shop: OrderShop, role: 'manager' | 'viewer', path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(hostUrl(shop.vendor.slug, `/dashboard/login?next=${encodeURIComponent(path)}`));
  await page.getByLabel('Email').fill(shop.emails[role]);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(hostUrl(shop.vendor.slug, path));
  return page;
}

describe('low-stock alerts page in a real browser', () => {
  test('a manager reaches it from inventory, sets the threshold and sees the alerts with their links; a viewer only reads', {
    timeout: 60_000,
  }, async () => {
    const shop = await orderShop();
    const page = await signedInPage(shop, 'manager', '/dashboard/inventory');
    await page.getByRole('link', { name: 'Low-stock alerts' }).click();
    await page.waitForURL(hostUrl(shop.vendor.slug, '/dashboard/inventory/alerts'));
    expect(await page.getByRole('heading', { name: 'No low stock right now' }).isVisible()).toBe(true);

    // HAM-1 10, HOSE-1 5, PROTO-1 5 are at or below 10; BOOK-1 (20) is not.
    await page.getByLabel('Alert at or below (units available)').fill('10');
    await page.getByRole('button', { name: 'Save threshold' }).click();
    await expect.poll(() => page.locator('.form-success').textContent()).toContain('3 alerts opened');
    await expect.poll(() => page.locator('tr[data-alert-id]').count(), { timeout: 10_000 }).toBe(3);
    const hose = page.locator('tr[data-alert-id]', { hasText: 'HOSE-1' });
    expect(await hose.getByRole('link', { name: 'Garden Hose' }).getAttribute('href')).toMatch(
      /^\/dashboard\/products\/[0-9a-f-]{36}$/,
    );
    expect(await hose.getByRole('link', { name: 'Stock levels of HOSE-1' }).getAttribute('href')).toBe(
      `/dashboard/inventory/variants/${shop.variants['HOSE-1']}`,
    );
    expect(await page.locator('tr[data-alert-id]', { hasText: 'BOOK-1' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Resolved' }).click();
    expect(await page.getByRole('heading', { name: 'No alerts here yet' }).isVisible()).toBe(true);

    const viewer = await signedInPage(shop, 'viewer', '/dashboard/inventory/alerts');
    expect(await viewer.locator('tr[data-alert-id]').count()).toBe(3);
    expect(await viewer.getByRole('button', { name: 'Save threshold' }).count()).toBe(0);
  });
});
