import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardPage, launchChromium } from '../harness/browser';
import { request } from '../harness/http';
import { DEMO_PASSWORD, hostUrl } from '../harness/platform';
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

describe('pricing page in a real browser', () => {
  test('a manager previews a rule, saves it, and the product page shows the price it set; a viewer only reads', {
    timeout: 90_000,
  }, async () => {
    const shop = await orderShop();
    const page = await signedInPage(shop, 'manager', '/dashboard/products');
    await page.getByRole('link', { name: 'Pricing' }).click();
    await page.waitForURL(hostUrl(shop.vendor.slug, '/dashboard/pricing'));
    expect(await page.getByRole('heading', { name: 'No pricing rules yet' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByLabel('Name').fill('Everything +10');
    await page.getByLabel('Percent').fill('10');
    await page.getByLabel('Price ending').selectOption('99');
    // The preview: every variant, Claw Hammer 19.90 → 21.89 → 21.99, before anything is saved.
    const hammer = page.locator('table[data-preview] tr', { hasText: 'HAM-1' });
    await expect.poll(() => hammer.textContent(), { timeout: 10_000 }).toContain('€21.99');
    expect(await hammer.textContent()).toContain('€19.90');
    expect(await page.locator('table[data-preview] tbody tr').count()).toBe(4);

    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => page.locator('tr[data-rule]').count()).toBe(1);
    expect(await page.locator('tr[data-rule]').textContent()).toContain('Markup 10 % on the base price, rounded up to .99');

    const product = await request(hostUrl(shop.vendor.slug, '/api/v1/shop/products/claw-hammer'));
    const { id } = (await product.json()) as { id: string };
    const productPage = `/dashboard/products/${id}`;
    await page.goto(hostUrl(shop.vendor.slug, productPage));
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('[data-selling-sku="HAM-1"]').textContent();
        },
        { timeout: 20_000 },
      )
      .toMatch(/€21\.99\s*— from base €19\.90 by rule “Everything \+10”/);

    const viewer = await signedInPage(shop, 'viewer', '/dashboard/pricing');
    expect(await viewer.locator('tr[data-rule]').count()).toBe(1);
    expect(await viewer.getByRole('button', { name: 'Add a rule' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Delete Everything +10' }).count()).toBe(0);
    const other = await request(hostUrl(shop.vendor.slug, '/api/v1/shop/products/handbook'));
    const handbook = (await other.json()) as { id: string; variants: { priceMinor: number }[] };
    expect(handbook.variants[0]?.priceMinor).toBe(1199);
  });
});
