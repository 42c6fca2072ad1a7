import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../harness/browser';
import { hostUrl } from '../harness/platform';
import { addTeamMember, createVendorWithOwner, type TeamVendor, type TestPerson, teamLogin, vendorApi } from '../harness/team';

let browser: Browser;
let vendor: TeamVendor;
let editor: TestPerson;

beforeAll(async () => {
  [browser, vendor] = await Promise.all([
    launchChromium(),
    // A shop of its own: the demo vendors' catalogs are not changed by tests.
    createVendorWithOwner('Editor Outfitters'),
  ]);
  editor = await addTeamMember(vendor, 'editor');
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile signed in to the vendor's dashboard as `person`. */
async function signedIn(person: TestPerson): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(hostUrl(vendor.slug, '/dashboard/login'));
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(hostUrl(vendor.slug, '/dashboard'));
  return page;
}

describe('the product editor in a real browser', () => {
  test('an editor signs in, creates a product with two variants, activates it and finds it in the list and the shop', async () => {
    const page = await (await browser.newContext()).newPage();
    const title = `Trail Runner Jacket ${crypto.randomUUID().slice(0, 4)}`;

    await page.goto(hostUrl(vendor.slug, '/dashboard/products'));
    await page.waitForURL(/\/dashboard\/login\?next=/);
    await page.getByLabel('Email').fill(editor.email);
    await page.getByLabel('Password').fill(editor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(hostUrl(vendor.slug, '/dashboard/products'));

    // A new shop has no products: the empty state offers the first one.
    await expect(page.getByRole('heading', { name: 'No products yet' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Add your first product' }).click();
    await page.waitForURL(/\/dashboard\/products\/new$/);

    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Brand').fill('Fjell');
    await page.getByLabel('Description', { exact: true }).fill('<p>Light and <b>waterproof</b>.</p><script>alert(1)</script>');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByLabel('Option 1 name').fill('Size');
    await page.getByLabel('Option 1 values').fill('S, M');

    // Random hex: runs such as 3E45 are numbers to Postgres' text parser, so the SKU must be found
    // by the SKU prefix match, not only by the text search.
    const sku = `TRJ-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await page.getByLabel('SKU of variant 1').fill(`${sku}-S`);
    await page.getByLabel('GTIN of variant 1').fill('4006381333931');
    await page.getByLabel('Size of variant 1').selectOption('S');
    await page.getByLabel('Price of variant 1', { exact: true }).fill('49.90');
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.getByLabel('SKU of variant 2').fill(`${sku}-M`);
    await page.getByLabel('Size of variant 2').selectOption('M');
    await page.getByLabel('Price of variant 2', { exact: true }).fill('54,90');
    await page.getByLabel('Compare-at price of variant 2').fill('59.90');

    // A compare-at price below the price is refused by the API and shown next to its field.
    await page.getByLabel('Compare-at price of variant 2').fill('50');
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect
      .poll(() => page.getByText('The compare-at price must be higher than the price').isVisible(), { timeout: 15_000 })
      .toBe(true);
    await page.getByLabel('Compare-at price of variant 2').fill('59.90');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.waitForURL(/\/dashboard\/products\/[0-9a-f-]{36}\?created=1$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await expect(page.getByLabel('Description', { exact: true }).inputValue()).resolves.toBe(
      '<p>Light and <strong>waterproof</strong>.</p>',
    );
    await expect(page.getByLabel('Price of variant 2', { exact: true }).inputValue()).resolves.toBe('54.90');

    // Activate it.
    await page.getByLabel('Status', { exact: true }).selectOption('active');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => page.getByText('Your changes are saved.', { exact: true }).isVisible(), { timeout: 15_000 })
      .toBe(true);

    // The list finds it by a SKU, active.
    await page.goto(hostUrl(vendor.slug, `/dashboard/products?q=${encodeURIComponent(`${sku}-M`)}`));
    const row = page.locator('tbody tr', { hasText: title });
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await expect(row.getByText('Active').isVisible()).resolves.toBe(true);
    await expect(row.getByText('€49.90 – €54.90').isVisible()).resolves.toBe(true);

    // And the shop's search shows it to shoppers.
    const shop = await (await browser.newContext()).newPage();
    await shop.goto(hostUrl(vendor.slug, `/search?q=${encodeURIComponent('trail runner')}`));
    const results = shop.getByRole('list', { name: 'Products' }).getByRole('heading');
    await expect(results.allTextContents()).resolves.toContain(title);
    await page.context().close();
    await shop.context().close();
  }, 90_000);

  test('a stale edit says someone else changed the product', async () => {
    const page = await signedIn(editor);
    await page.goto(hostUrl(vendor.slug, '/dashboard/products/new'));
    await page.getByLabel('Title').fill('Stale Socks');
    await page.getByLabel('SKU of variant 1').fill(`SOCK-${crypto.randomUUID().slice(0, 6)}`);
    await page.getByLabel('Price of variant 1', { exact: true }).fill('9.99');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.waitForURL(/\?created=1$/);

    // A second tab saves first.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await other.getByLabel('Brand').fill('Other Tab');
    await other.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => other.getByText('Your changes are saved.', { exact: true }).isVisible(), { timeout: 15_000 })
      .toBe(true);

    await page.getByLabel('Brand').fill('This Tab');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => page.getByText('Someone else changed this product — reload', { exact: true }).isVisible(), { timeout: 15_000 })
      .toBe(true);
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByLabel('Brand').inputValue()).resolves.toBe('Other Tab');
    await page.context().close();
  }, 90_000);

  test('categories are added, moved and deleted; the list archives in bulk; a viewer sees the editor read-only', async () => {
    const session = await teamLogin(vendor.slug, editor);
    const page = await signedIn(editor);
    page.on('dialog', (dialog) => void dialog.accept());

    await page.goto(hostUrl(vendor.slug, '/dashboard/categories'));
    await page.getByLabel('Name', { exact: true }).first().fill('Outerwear');
    await page.getByRole('button', { name: 'Add category' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.category-item', { hasText: 'Outerwear' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('Name', { exact: true }).first().fill('Rain Jackets');
    await page.getByLabel('Inside', { exact: true }).first().selectOption({ label: 'Outerwear' });
    await page.getByRole('button', { name: 'Add category' }).click();
    await expect.poll(() => page.locator('.category-item', { hasText: 'Rain Jackets' }).count(), { timeout: 15_000 }).toBe(1);

    // Deleting a category that holds one is refused with the reason; its child goes first.
    await page.getByRole('button', { name: 'Delete Outerwear' }).click();
    await expect.poll(() => page.getByText(/holds 0 products and 1 subcategory/).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'Edit Rain Jackets' }).click();
    await page.locator('.category-edit:visible').getByLabel('Name').fill('Rainwear');
    await page.locator('.category-edit:visible').getByLabel('Inside').selectOption({ label: 'Top level' });
    await page.locator('.category-edit:visible').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Delete Rainwear' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'Delete Outerwear' }).click();
    await expect.poll(() => page.locator('.category-item', { hasText: 'Outerwear' }).count(), { timeout: 15_000 }).toBe(0);

    // Bulk archive from the list.
    for (const name of ['Bulk Hat', 'Bulk Scarf']) {
      const made = await vendorApi(vendor.slug, session.token, 'POST', '/products', {
        title: name,
        status: 'active',
        variants: [{ sku: `${name.replace(' ', '-')}-${crypto.randomUUID().slice(0, 6)}`, priceMinor: 1500 }],
      });
      expect(made.status).toBe(201);
    }
    await page.goto(hostUrl(vendor.slug, '/dashboard/products?q=bulk'));
    await page.getByLabel('Select all on this page').check();
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await expect.poll(() => page.locator('tbody tr', { hasText: 'Archived' }).count(), { timeout: 15_000 }).toBe(2);

    // A viewer sees the same product, every field disabled and nothing to save.
    const viewer = await addTeamMember(vendor, 'viewer');
    const viewerPage = await signedIn(viewer);
    await viewerPage.goto(hostUrl(vendor.slug, '/dashboard/products?q=bulk'));
    await expect(viewerPage.getByLabel('Select all on this page').count()).resolves.toBe(0);
    await viewerPage.getByRole('link', { name: 'Bulk Hat' }).click();
    await expect(viewerPage.getByLabel('Title').isDisabled()).resolves.toBe(true);
    await expect(viewerPage.getByRole('button', { name: 'Save changes' }).count()).resolves.toBe(0);
    await page.context().close();
    await viewerPage.context().close();
  }, 120_000);
});
