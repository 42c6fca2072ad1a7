import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../harness/browser';
import { request } from '../harness/http';
import { createTestVendor, DEMO_PASSWORD, hostUrl, uniqueSlug } from '../harness/platform';
import { createPerson } from '../harness/team';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile signed in as the demo admin through the sign-in page. */
async function adminPage(path: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(hostUrl('admin', `/login?next=${encodeURIComponent(path)}`));
  await page.getByLabel('Email').fill('admin@vitrine.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(hostUrl('admin', path));
  return page;
}

describe('admin pages in a real browser', () => {
  test('anonymous visitors get the sign-in page; the overview shows live figures', { timeout: 60_000 }, async () => {
    for (const path of ['/vendors', '/users', `/vendors/${crypto.randomUUID()}`]) {
      const response = await request(hostUrl('admin', path));
      expect(response.status, path).toBe(302);
      expect(response.headers.get('location'), path).toMatch(/^\/login\?next=/);
    }
    // The front door is the sign-in page itself, served in place.
    const front = await request(hostUrl('admin', '/'));
    expect(front.status).toBe(200);
    expect(await front.text()).toMatch(/type="password"/);
    const page = await adminPage('/');
    const activeShops = page.locator('.figure', { hasText: 'Active shops' });
    expect(Number((await activeShops.locator('.figure-value').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(3);
    await page.context().close();
  });

  test('creates a vendor with an owner invitation, then finds it by search', { timeout: 90_000 }, async () => {
    const page = await adminPage('/vendors');
    const slug = uniqueSlug('e2e');
    await page.getByLabel('Name').fill(`E2E Shop ${slug}`);
    // The slug follows the name until edited.
    await expect(page.getByLabel('Slug').inputValue()).resolves.toBe(`e2e-shop-${slug}`);
    await page.getByLabel('Slug').fill(slug);
    await page.getByLabel('Owner email').fill(`owner-${slug}@example.com`);
    await page.getByRole('button', { name: 'Create vendor' }).click();
    const link = page.locator('#invite-link');
    await link.waitFor();
    expect(await link.inputValue()).toMatch(new RegExp(`^http://${slug}\\.localhost:\\d+/dashboard/invite/[A-Za-z0-9_-]{43}$`));
    await expect(page.getByRole('button', { name: 'Copy link' }).isVisible()).resolves.toBe(true);

    // A taken slug shows the API's message.
    await page.getByLabel('Name').fill('Another');
    await page.getByLabel('Slug').fill(slug);
    await page.getByRole('button', { name: 'Create vendor' }).click();
    await page.getByText(`The slug ${slug} is taken`).first().waitFor();

    await page.goto(hostUrl('admin', `/vendors?q=${slug}`));
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('tbody tr a').first().textContent()).resolves.toBe(`E2E Shop ${slug}`);
    await page.goto(hostUrl('admin', `/vendors?q=no-such-vendor-${slug}`));
    await page.getByText('No vendor matches').waitFor();
    await page.context().close();
  });

  test('suspends, reactivates, verifies and renames a vendor from its page', { timeout: 90_000 }, async () => {
    const vendor = await createTestVendor('Lifecycle Shop');
    const page = await adminPage(`/vendors/${vendor.id}`);

    await page.getByLabel('Reason').fill('Testing');
    await page.getByRole('button', { name: 'Suspend shop' }).click();
    await page.getByText('The shop is suspended').waitFor();
    expect(await (await request(hostUrl(vendor.slug))).text()).toContain('This shop is currently unavailable');
    await page.getByRole('button', { name: 'Reactivate shop' }).click();
    await page.getByText('The shop is open again.').waitFor();
    expect((await request(hostUrl(vendor.slug))).status).toBe(200);

    await page.getByRole('button', { name: 'Verify vendor' }).click();
    await page.getByText('The vendor is verified.').waitFor();

    await page.locator('#edit-name').fill('Renamed Lifecycle Shop');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Renamed Lifecycle Shop');
    await page.context().close();
  });

  test('adds, verifies and removes a custom domain, then deletes the vendor after confirming', { timeout: 90_000 }, async () => {
    const vendor = await createTestVendor('Domain Shop');
    const page = await adminPage(`/vendors/${vendor.id}`);
    const domain = `${vendor.slug}.example.test`;
    await page.getByLabel('Add a domain').fill('not a domain');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.getByText('a domain name such as shop.example.com').waitFor();
    await page.getByLabel('Add a domain').fill(domain);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.getByText('Domain added.').waitFor();
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByText('Domain verified').waitFor();
    await page.getByRole('button', { name: `Remove ${domain}` }).click();
    await page.getByText('Domain removed').waitFor();
    await page.getByText('No custom domains').waitFor();

    await page.getByRole('button', { name: 'Delete vendor…' }).click();
    const confirm = page.getByRole('button', { name: 'Delete for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel(`Type ${vendor.slug} to confirm`).fill(vendor.slug);
    await confirm.click();
    await page.waitForURL(hostUrl('admin', '/vendors?notice=deleted'));
    await page.getByText('The vendor was deleted.').waitFor();
    expect((await request(hostUrl(vendor.slug))).status).toBe(404);
    await page.goto(hostUrl('admin', `/vendors/${vendor.id}`));
    await page.getByText(/^Deleted on /).waitFor();
    await page.context().close();
  });

  test('disables and enables a user from the users page', { timeout: 90_000 }, async () => {
    const person = await createPerson('e2e-user');
    const page = await adminPage(`/users?q=${encodeURIComponent(person.email)}`);
    const row = page.locator('tbody tr', { hasText: person.email });
    await row.getByRole('button', { name: /Disable/ }).click();
    await page.getByText('The user is disabled').waitFor();
    await expect(page.locator('tbody tr', { hasText: person.email }).locator('.badge').last().textContent()).resolves.toBe(
      'Disabled',
    );
    await page
      .locator('tbody tr', { hasText: person.email })
      .getByRole('button', { name: /Enable/ })
      .click();
    await page.getByText('The user can sign in again.').waitFor();
    // The signed-in admin can't disable themself: no button on their own row.
    await page.goto(hostUrl('admin', '/users?q=admin%40vitrine.test'));
    await page.locator('tbody tr', { hasText: 'admin@vitrine.test' }).getByText('You').waitFor();
    await page.context().close();
  });
});
