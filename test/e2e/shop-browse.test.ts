import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../harness/browser';
import { hostUrl } from '../harness/platform';
import { createShopVendor, hardwareCatalog, type ShopFixture } from '../integration/shop-fixtures';

let browser: Browser;
let shop: ShopFixture;

beforeAll(async () => {
  [browser, shop] = await Promise.all([launchChromium(), createShopVendor('Browse Hardware', hardwareCatalog())]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('browsing a shop (real Chromium)', () => {
  test('search, filter, open a product and pick a variant', async () => {
    const page = await browser.newPage();
    await page.goto(hostUrl(shop.vendor.slug));

    // Search from the header.
    await page.getByRole('searchbox', { name: 'Search products' }).fill('drill');
    await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
    await page.waitForURL(/\/search\?q=drill/);
    await expect(page.getByTestId('result-count').textContent()).resolves.toContain('2 products');
    const results = page.getByRole('list', { name: 'Products' }).getByRole('heading');
    await expect(results.allTextContents()).resolves.toEqual(expect.arrayContaining(['Cordless Drill 18V', 'Hammer Drill Pro']));

    // Ticking a brand applies the filter at once (Alpine submits the form).
    await page.getByRole('checkbox', { name: /Bosch/ }).check();
    await page.waitForURL(/brand=Bosch/);
    await expect(results.allTextContents()).resolves.toEqual(['Cordless Drill 18V']);
    await expect(page.getByTestId('result-count').textContent()).resolves.toContain('1 product');

    // Open the product: the picker starts on the variant in stock.
    await page.getByRole('link', { name: /Cordless Drill 18V/ }).click();
    await page.waitForURL(/\/products\/cordless-drill-18v$/);
    await expect(page.title()).resolves.toBe('Cordless Drill 18V — Browse Hardware');
    const price = page.getByTestId('variant-price');
    const stock = page.getByTestId('variant-stock');
    const sku = page.getByTestId('variant-sku');
    const add = page.getByRole('button', { name: 'Add to cart' });
    await expect(price.textContent()).resolves.toContain('€99.00');
    await expect(price.textContent()).resolves.toContain('€129.00'); // compare-at, struck through
    await expect(stock.textContent()).resolves.toContain('Only 3 left');
    await expect(add.isEnabled()).resolves.toBe(true);

    // Picking the other battery changes price, SKU and availability, and disables the button.
    await page.getByRole('radio', { name: '5 Ah' }).check({ force: true });
    await expect.poll(() => stock.textContent()).toContain('Out of stock');
    await expect(price.textContent()).resolves.toContain('€129.00');
    await expect.poll(() => price.locator('s').isVisible()).toBe(false);
    await expect(sku.textContent()).resolves.toContain('DRL-18-L');
    await expect(add.isDisabled()).resolves.toBe(true);

    // Back to the one in stock: adding announces the cart event (the cart itself comes later).
    await page.getByRole('radio', { name: '2 Ah' }).check({ force: true });
    await expect.poll(() => add.isEnabled()).toBe(true);
    const added = page.evaluate(
      () =>
        new Promise<unknown>((resolve) =>
          window.addEventListener('cart-add', (e) => resolve((e as CustomEvent).detail), { once: true }),
        ),
    );
    await add.click();
    await expect(added).resolves.toMatchObject({
      sku: 'DRL-18-S',
      quantity: 1,
      variantId: shop.products.get('cordless-drill-18v')?.variants.get('DRL-18-S'),
    });
    await page.close();
  });

  test('an unknown product shows the not-found page with a way back', async () => {
    const page = await browser.newPage();
    const response = await page.goto(hostUrl(shop.vendor.slug, '/products/no-such-product'));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toContain("couldn't find that product");
    await page.getByRole('link', { name: 'Browse all products' }).click();
    await page.waitForURL(/\/search$/);
    await expect(page.getByTestId('result-count').textContent()).resolves.toContain('12 products');
    await page.close();
  });
});
