import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardPage, launchChromium } from '../harness/browser';
import { DEMO_PASSWORD, hostUrl } from '../harness/platform';
import { vendorApi } from '../harness/team';
import { type OrderShop, orderShop } from './order-fixtures';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The vendor's dashboard in a fresh browser profile, signed in as `role`. */
const signedInPage = (shop: OrderShop, role: 'manager' | 'viewer', path: string) =>
  dashboardPage(browser, shop.vendor.slug, { email: shop.emails[role], password: DEMO_PASSWORD }, path);

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
    await expect.poll(() => page.locator('.threshold-form .form-success').textContent()).toContain('3 alerts opened');
    await expect.poll(() => page.locator('tr[data-alert-id]').count(), { timeout: 10_000 }).toBe(3);
    const hose = page.locator('tr[data-alert-id]', { hasText: 'HOSE-1' });
    expect(await hose.getByRole('link', { name: 'Garden Hose' }).getAttribute('href')).toMatch(
      /^\/dashboard\/products\/[0-9a-f-]{36}$/,
    );
    expect(await hose.getByRole('link', { name: 'Stock levels of HOSE-1' }).getAttribute('href')).toBe(
      `/dashboard/inventory/variants/${shop.variants['HOSE-1']}`,
    );
    expect(await page.locator('tr[data-alert-id]', { hasText: 'BOOK-1' }).count()).toBe(0);

    // The tab is a link: wait for the page it opens rather than read the one still showing.
    await page.getByRole('link', { name: 'Resolved' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'No alerts here yet' }).isVisible()).toBe(true);

    const viewer = await signedInPage(shop, 'viewer', '/dashboard/inventory/alerts');
    await expect.poll(() => viewer.locator('tr[data-alert-id]').count()).toBe(3);
    expect(await viewer.getByRole('button', { name: 'Save threshold' }).count()).toBe(0);
  });

  test('a manager turns the unpaid-order expiry on and off; a viewer reads what is set', { timeout: 60_000 }, async () => {
    const shop = await orderShop();
    const setting = async () =>
      (
        await vendorApi<{ cancelUnpaidAfterHours: number | null }>(
          shop.vendor.slug,
          shop.tokens.viewer,
          'GET',
          '/inventory/alert-settings',
        )
      ).body.cancelUnpaidAfterHours;
    const page = await signedInPage(shop, 'manager', '/dashboard/inventory/alerts');
    const form = page.locator('form.expiry-form');
    const box = form.getByLabel('Cancel pending orders that are still unpaid');
    await expect.poll(() => box.isChecked()).toBe(false);

    await box.check();
    await form.getByLabel('after').fill('36');
    await form.getByRole('button', { name: 'Save unpaid-order setting' }).click();
    await expect.poll(() => form.locator('.form-success').textContent()).toContain('still unpaid 36 hours after');
    expect(await setting()).toBe(36);

    // Out of range: the form says so and sends nothing.
    await form.getByLabel('after').fill('721');
    await form.getByRole('button', { name: 'Save unpaid-order setting' }).click();
    await expect.poll(() => form.locator('.form-error').textContent()).toContain('1 to 720');
    expect(await setting()).toBe(36);

    const viewer = await signedInPage(shop, 'viewer', '/dashboard/inventory/alerts');
    expect(await viewer.locator('.expiry-note').textContent()).toContain('still unpaid 36 hours after they were placed');
    expect(await viewer.getByRole('button', { name: 'Save unpaid-order setting' }).count()).toBe(0);

    await page.reload();
    await expect.poll(() => box.isChecked()).toBe(true);
    await box.uncheck();
    await form.getByRole('button', { name: 'Save unpaid-order setting' }).click();
    await expect.poll(() => form.locator('.form-success').textContent()).toContain('keep their stock');
    expect(await setting()).toBeNull();
  });
});
