import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardPage, launchChromium } from '../harness/browser';
import { DEMO_PASSWORD, hostUrl } from '../harness/platform';
import { addTeamMember, createVendorWithOwner } from '../harness/team';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const FEED = new URL('../fixtures/feeds/letzshop-small.csv', import.meta.url);

describe('a marketplace import in a real browser', { timeout: 120_000 }, () => {
  test('an editor drops a Letzshop feed, watches it finish, reviews the new items, publishes and finds them in the shop', async () => {
    const vendor = await createVendorWithOwner('Browser Imports Co');
    const editor = await addTeamMember(vendor, 'editor');
    const page = await dashboardPage(browser, vendor.slug, editor, '/dashboard/imports');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Imports');
    await page.getByText('No imports yet').waitFor();

    // Drop the file on the drop zone, as a person dragging it from their desktop would.
    const csv = await readFile(FEED, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'letzshop-small.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    await page.dispatchEvent('[data-testid="import-dropzone"]', 'drop', { dataTransfer });
    await page.getByText('Selected: letzshop-small.csv').waitFor();
    await page.getByLabel('Source (optional)').fill('letzshop');
    await page.getByRole('button', { name: 'Upload and import' }).click();
    // On to the job's page; an upload the API refused would show its message in the form instead.
    const refusal = page.locator('.upload-form [role="alert"]');
    await expect
      .poll(
        async () => ((await refusal.isVisible()) ? `refused: ${await refusal.textContent()}` : new URL(page.url()).pathname),
        {
          timeout: 30_000,
        },
      )
      .toMatch(/^\/dashboard\/imports\/[0-9a-f-]{36}$/);

    // The progress bar reaches the end and the job completes, without reloading the page.
    const progress = page.getByTestId('import-progress');
    await expect.poll(() => progress.getAttribute('value'), { timeout: 60_000 }).toBe('100');
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 30_000 }).toBe('completed');
    const count = (label: string) =>
      page
        .getByTestId('import-counts')
        .locator('div', { has: page.getByText(label, { exact: true }) })
        .locator('dd')
        .textContent();
    expect(await count('Rows read')).toBe('4');
    expect(await count('New')).toBe('3');
    expect(await count('With errors')).toBe('1');

    // The row without a usable price is in the error table, with the report to download.
    const errors = page.getByTestId('import-errors');
    await errors.locator('tbody tr').first().waitFor();
    expect(await errors.textContent()).toContain('LZ-BAD');
    const report = page.getByRole('link', { name: 'Download error report' });
    expect(await report.getAttribute('href')).toMatch(/\/api\/v1\/vendor\/imports\/[0-9a-f-]{36}\/errors\.csv$/);
    // The report downloads, and the price cell that reads like a formula can't run in a spreadsheet.
    const [download] = await Promise.all([page.waitForEvent('download'), report.click()]);
    const reportText = await readFile(await download.path(), 'utf8');
    expect(reportText).toContain('LZ-BAD');
    expect(reportText).toContain("'=1+2");
    expect(reportText).not.toMatch(/(^|,)=1\+2/m);

    // The staging review shows the new products with their items' fields.
    await page.getByRole('link', { name: 'Review and publish' }).click();
    await page.waitForURL(/\/dashboard\/imports\/staging\?status=pending$/);
    const tee = page.locator('tbody[data-group="LZ-TEE"]');
    const mug = page.locator('tbody[data-group="LZ-MUG"]');
    await tee.waitFor();
    expect(await tee.textContent()).toContain('Organic cotton tee');
    expect(await mug.textContent()).toContain('Enamel camping mug');
    await tee.getByRole('button', { name: 'Details' }).click();
    const small = tee.locator('tr[data-item="LZ-TEE-S"]');
    await small.waitFor();
    expect(await small.textContent()).toContain('Size: S');
    expect(await small.textContent()).toContain('in_stock (7)');

    // The tee by selection first, then everything else that waits.
    await tee.getByRole('checkbox', { name: 'Select Organic cotton tee' }).check();
    await page.getByRole('button', { name: 'Publish selected (1)' }).click();
    const result = page.getByTestId('publish-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toContain('Published 1 new and 0 updated product');
    await tee.getByText('Published', { exact: true }).waitFor();
    // "Publish all" runs as a publish job: a progress bar until it ends, then the result and the list read again.
    await page.getByRole('button', { name: 'Publish all new and changed' }).click();
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('Published 1 new and 0 updated product');
    await mug.getByText('Published', { exact: true }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Publish all new and changed' }).isDisabled()).toBe(true);

    // Shoppers find both products in the shop.
    const shop = await (await browser.newContext()).newPage();
    await shop.goto(hostUrl(vendor.slug, `/search?q=${encodeURIComponent('organic cotton')}`));
    const results = shop.getByRole('list', { name: 'Products' }).getByRole('heading');
    await expect(results.allTextContents()).resolves.toContain('Organic cotton tee');
    await shop.goto(hostUrl(vendor.slug, '/products/enamel-camping-mug'));
    expect(await shop.getByRole('heading', { level: 1 }).textContent()).toContain('Enamel camping mug');
    await page.context().close();
    await shop.context().close();

    // A viewer reviews but has no publish buttons.
    const viewer = await addTeamMember(vendor, 'viewer');
    const viewerPage = await dashboardPage(browser, vendor.slug, viewer, '/dashboard/imports/staging?status=new');
    await viewerPage.locator('tbody[data-group="LZ-TEE"]').waitFor();
    expect(await viewerPage.getByRole('button', { name: /Publish/ }).count()).toBe(0);
    await viewerPage.context().close();

    // The platform admin sees the job with the vendor's name.
    const admin = await (await browser.newContext()).newPage();
    await admin.goto(hostUrl('admin', `/login?next=${encodeURIComponent('/imports')}`));
    await admin.getByLabel('Email').fill('admin@vitrine.test');
    await admin.getByLabel('Password').fill(DEMO_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(hostUrl('admin', '/imports'));
    const job = admin.locator('tbody tr', { hasText: 'Browser Imports Co' }).first();
    await job.waitFor();
    expect(await job.textContent()).toContain('letzshop-small.csv');
    await admin.context().close();
  });
});
