import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardPage, launchChromium } from '../harness/browser';
import { DEMO_PASSWORD, hostUrl } from '../harness/platform';
import {
  adjust,
  call,
  createLocation,
  type InventoryVendor,
  insertProduct,
  inventoryVendor,
  storedLevel,
} from './inventory-fixtures';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile signed in to the vendor's dashboard through its sign-in page. */
const signedInPage = (vendor: InventoryVendor, role: 'manager' | 'viewer', path: string) =>
  dashboardPage(browser, vendor.slug, { email: vendor.emails[role], password: DEMO_PASSWORD }, path);

describe('inventory pages in a real browser', () => {
  test('a manager adds locations, adjusts a row in place, is told when stock is short, transfers and reads the history', async () => {
    const vendor = await inventoryVendor('Browser Stock Co');
    const page = await signedInPage(vendor, 'manager', '/dashboard/inventory');
    expect(await page.getByRole('heading', { name: 'No stock locations yet — add one' }).isVisible()).toBe(true);

    // Locations: the first is the default.
    await page.goto(hostUrl(vendor.slug, '/dashboard/locations'));
    for (const [name, code] of [
      ['Main warehouse', 'main'],
      ['Shop floor', 'store'],
    ] as const) {
      await page.locator('#location-name').fill(name);
      await page.locator('#location-code').fill(code);
      await page.getByRole('button', { name: 'Add location' }).click();
      await page.locator('tbody tr', { hasText: name }).waitFor();
    }
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('Default');

    const product = await insertProduct(vendor, 'Cordless drill', 2, 'DRL');
    const [first] = product.variantIds as [string];
    await page.goto(hostUrl(vendor.slug, '/dashboard/inventory'));
    const rows = page.locator('tr[data-key]');
    await expect(rows.count()).resolves.toBe(4);
    const row = page.locator(`tr[data-key^="${first}/"]`).first();
    expect(await row.getAttribute('class')).toContain('is-low');

    // Adjust in place.
    await row.getByRole('button', { name: /^Adjust/ }).click();
    const form = page.locator('.adjust-row:visible');
    await form.locator('input[type=number]').fill('12');
    await form.locator('select').selectOption('received');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.locator('td.num').first().textContent()).toBe('12');
    expect(await row.getAttribute('class')).not.toContain('is-low');

    // Short: the API's message in the row, nothing changed.
    await row.getByRole('button', { name: /^Adjust/ }).click();
    await form.locator('input[type=number]').fill('20');
    await form.locator('select').selectOption('damaged');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.locator('.error-text').textContent()).toContain('Only 12 available');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Transfer 5 to the shop floor: both rows change.
    await row.getByRole('button', { name: /^Transfer/ }).click();
    const dialog = page.locator('dialog.transfer-dialog');
    await dialog.locator('input[type=number]').fill('5');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => row.locator('td.num').first().textContent()).toBe('7');
    const storeRow = page.locator(`tr[data-key^="${first}/"]`).nth(1);
    await expect.poll(() => storeRow.locator('td.num').first().textContent()).toBe('5');

    // The variant page: levels, totals and the ledger.
    await row.getByRole('link', { name: 'Cordless drill' }).click();
    await page.waitForURL(hostUrl(vendor.slug, `/dashboard/inventory/variants/${first}`));
    await expect(page.locator('tfoot').textContent()).resolves.toMatch(/Total\s*12\s*0\s*12/);
    const history = page.locator('#history tbody tr');
    await expect(history.count()).resolves.toBe(3);
    await expect(history.first().textContent()).resolves.toContain('transfer');
    await expect(history.last().textContent()).resolves.toContain(vendor.names.manager);

    // Adjust from the variant page: the level and the history update in place.
    await page.locator('.adjust-form input[type=number]').fill('3');
    await page.locator('.adjust-form select').nth(1).selectOption('lost');
    await page.locator('.adjust-form').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => history.count()).toBe(4);
    await expect(page.locator('tfoot').textContent()).resolves.toMatch(/Total\s*9/);
    const adjustedAt = await page.locator('.adjust-form select').first().inputValue();
    expect((await storedLevel(vendor, first, adjustedAt))?.onHand).toBe(4);
  }, 120_000);

  test("the Low badge and filter follow the vendor's threshold over all locations; alerts off shows none", async () => {
    const vendor = await inventoryVendor('Browser Stock Threshold');
    const [main, store] = [await createLocation(vendor, 'main'), await createLocation(vendor, 'store')];
    const spread = await insertProduct(vendor, 'Spread screws', 1, 'BTH');
    const plenty = await insertProduct(vendor, 'Plenty nails', 1, 'BTH');
    const [spreadId, plentyId] = [spread.variantIds[0] as string, plenty.variantIds[0] as string];
    // 4 + 3 = 7 over both locations; 30 of the other.
    await adjust(vendor, { variantId: spreadId, locationId: main.id, delta: 4, reason: 'received' });
    await adjust(vendor, { variantId: spreadId, locationId: store.id, delta: 3, reason: 'received' });
    await adjust(vendor, { variantId: plentyId, locationId: main.id, delta: 30, reason: 'received' });
    const threshold = async (lowStockThreshold: number) =>
      expect((await call(vendor, vendor.tokens.owner, 'PUT', '/inventory/alert-settings', { lowStockThreshold })).status).toBe(
        200,
      );

    // The default 5: 4 and 3 alone would look low, but the variant has 7.
    const page = await signedInPage(vendor, 'viewer', '/dashboard/inventory');
    const spreadRows = page.locator(`tr[data-key^="${spreadId}/"]`);
    await expect.poll(() => page.locator('tr[data-key]').count()).toBe(4);
    for (const row of await spreadRows.all()) expect((await row.getAttribute('class')) ?? '').not.toContain('is-low');
    expect(await page.locator('.inventory-filters').textContent()).toContain('5 or fewer available, all locations together');

    await threshold(7);
    await page.reload();
    await expect.poll(() => page.locator('tr.is-low').count()).toBe(2);
    for (const row of await spreadRows.all()) expect(await row.getAttribute('class')).toContain('is-low');
    expect((await page.locator(`tr[data-key^="${plentyId}/"]`).first().getAttribute('class')) ?? '').not.toContain('is-low');
    await page.getByLabel(/Low stock only/).check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/low=1/);
    await expect.poll(() => page.locator(`tr[data-key^="${spreadId}/"]`).count()).toBe(2);
    await expect(page.locator('tr[data-key]').count()).resolves.toBe(2);

    await threshold(0);
    await page.goto(hostUrl(vendor.slug, '/dashboard/inventory'));
    await expect.poll(() => page.locator('tr[data-key]').count()).toBe(4);
    await expect(page.locator('tr.is-low').count()).resolves.toBe(0);
    expect(await page.locator('.inventory-filters').textContent()).toContain('low-stock alerts are off');
  }, 120_000);

  test('a viewer reads stock without any way to change it', async () => {
    const vendor = await inventoryVendor('Browser Stock Viewer');
    const manager = await signedInPage(vendor, 'manager', '/dashboard/locations');
    await manager.locator('#location-name').fill('Main warehouse');
    await manager.locator('#location-code').fill('main');
    await manager.getByRole('button', { name: 'Add location' }).click();
    await manager.locator('tbody tr', { hasText: 'Main warehouse' }).waitFor();
    await insertProduct(vendor, 'Work gloves');

    const page = await signedInPage(vendor, 'viewer', '/dashboard/inventory');
    await expect(page.locator('tr[data-key]').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: /^Adjust/ }).count()).resolves.toBe(0);
    await expect(page.locator('dialog').count()).resolves.toBe(0);
    await page.goto(hostUrl(vendor.slug, '/dashboard/locations'));
    await expect(page.getByRole('button', { name: /Delete|Rename|Add location/ }).count()).resolves.toBe(0);
  }, 120_000);
});
