import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardPage, launchChromium } from '../harness/browser';
import { hostUrl, uniqueSlug } from '../harness/platform';
import { addTeamMember, createVendorWithOwner, type TestPerson } from '../harness/team';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile signed in to the vendor's dashboard through its sign-in page. */
const signedInPage = (slug: string, person: TestPerson, path: string) => dashboardPage(browser, slug, person, path);

// Each test drives two or three browser profiles through several pages: generous under a loaded CI machine.
describe('the team in a real browser', { timeout: 90_000 }, () => {
  test('an owner invites, the invitee joins through the link, the owner changes their role and removes them', async () => {
    const vendor = await createVendorWithOwner('Browser Team Co');
    const owner = await signedInPage(vendor.slug, vendor.owner, '/dashboard/team');
    expect(await owner.getByRole('heading', { level: 1 }).textContent()).toContain('Team');
    await expect(owner.locator(`tr[data-key="${vendor.owner.id}"]`).textContent()).resolves.toContain(vendor.owner.email);
    await expect(owner.getByText('No pending invitations').isVisible()).resolves.toBe(true);

    const email = `${uniqueSlug('joiner')}@example.test`;
    await owner.locator('#invite-email').fill(email);
    await owner.locator('#invite-role').selectOption('manager');
    await owner.getByRole('button', { name: 'Create invitation' }).click();
    const link = owner.locator('#invite-link');
    await link.waitFor();
    const acceptUrl = await link.inputValue();
    expect(acceptUrl).toMatch(new RegExp(`^http://${vendor.slug}\\.localhost:\\d+/dashboard/invite/`));
    await expect(owner.locator('tbody tr', { hasText: email }).count()).resolves.toBe(1);

    // The invitee opens the link in their own browser: no account yet, so a name and a password.
    const invitee = await (await browser.newContext()).newPage();
    await invitee.goto(acceptUrl);
    expect(await invitee.getByRole('heading', { level: 1 }).textContent()).toBe('Join Browser Team Co');
    await invitee.getByLabel('Your name').fill('Jo Joiner');
    await invitee.getByLabel('Choose a password').fill('short');
    await invitee.getByRole('button', { name: 'Accept and open the dashboard' }).click();
    await invitee.locator('#invite-password-error').waitFor();
    await invitee.getByLabel('Choose a password').fill('a-long-enough-password');
    await invitee.getByRole('button', { name: 'Accept and open the dashboard' }).click();
    await invitee.waitForURL(hostUrl(vendor.slug, '/dashboard'));
    expect(await invitee.getByRole('heading', { level: 1 }).textContent()).toContain('Welcome, Jo Joiner');
    expect(await invitee.locator('.role-card').textContent()).toContain('Manager');

    // The link is spent.
    const again = await (await browser.newContext()).newPage();
    const spent = await again.goto(acceptUrl);
    expect(spent?.status()).toBe(404);
    expect(await again.getByRole('heading', { level: 1 }).textContent()).toContain('can’t be used');

    // The owner sees the new member, makes them a viewer, then removes them.
    await owner.reload();
    const row = owner.locator('tbody tr', { hasText: email });
    await expect(row.count()).resolves.toBe(1);
    await row.getByRole('combobox').selectOption('viewer');
    await owner.getByText('Jo Joiner is now Viewer').waitFor({ state: 'attached' });
    await row.getByRole('button', { name: 'Remove Jo Joiner' }).click();
    await row.waitFor({ state: 'detached' });

    // Their session ended with the removal: the dashboard sends them to sign in.
    await invitee.goto(hostUrl(vendor.slug, '/dashboard/team'));
    await invitee.waitForURL(/\/dashboard\/login/);
    for (const page of [owner, invitee, again]) await page.context().close();
  });

  test('the owner creates an API key, sees it once, and revokes it; a manager is told only owners manage keys', async () => {
    const vendor = await createVendorWithOwner('Browser Keys Co');
    const owner = await signedInPage(vendor.slug, vendor.owner, '/dashboard/api-keys');
    await expect(owner.getByText('No API keys yet').isVisible()).resolves.toBe(true);

    await owner.getByRole('button', { name: 'Create key' }).click();
    await owner.locator('#key-name-error').waitFor();
    await owner.getByLabel('Name').fill('Feed upload');
    await owner.getByRole('checkbox', { name: /imports:write/ }).check();
    await owner.getByRole('button', { name: 'Create key' }).click();
    const secret = owner.locator('#new-key');
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^vk_[0-9a-f]{32}_/);
    const row = owner.locator('tbody tr', { hasText: 'Feed upload' });
    await expect(row.textContent()).resolves.toContain('imports:write');
    await owner.getByRole('button', { name: 'I have stored it' }).click();
    await secret.waitFor({ state: 'hidden' });

    await row.getByRole('button', { name: 'Revoke Feed upload' }).click();
    await row.getByText('Revoked').waitFor();
    // After a reload the key is listed as revoked, and its secret appears nowhere.
    await owner.reload();
    await expect(owner.locator('tbody tr', { hasText: 'Feed upload' }).textContent()).resolves.toContain('Revoked');
    await expect(owner.locator('#new-key').isVisible()).resolves.toBe(false);

    const manager = await signedInPage(vendor.slug, await addTeamMember(vendor, 'manager'), '/dashboard/api-keys');
    expect(await manager.getByRole('heading', { name: 'Only owners manage API keys' }).isVisible()).toBe(true);
    for (const page of [owner, manager]) await page.context().close();
  });
});
