import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expiredToken } from '../harness/attackers';
import { launchChromium } from '../harness/browser';
import { request } from '../harness/http';
import { DEMO_PASSWORD, hostUrl, uniqueSlug } from '../harness/platform';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A fresh browser profile (no cookies), so each test signs in from nothing. */
async function freshPage(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing in with a real browser', () => {
  test("an admin signs in at the admin host's front door and lands on the admin overview", async () => {
    const page = await freshPage();
    // The admin host's front door is the sign-in page itself.
    await page.goto(hostUrl('admin', '/'));
    expect(await page.title()).toBe('Sign in — Vitrine Admin');
    await fillSignIn(page, 'admin@vitrine.test', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: /Platform administration/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  test('the owner signs in to the dashboard and sees their role; sign out ends it', async () => {
    const page = await freshPage();
    await page.goto(hostUrl('acme', '/dashboard'));
    await page.waitForURL(hostUrl('acme', '/dashboard/login?next=%2Fdashboard'));
    await fillSignIn(page, 'owner@acme.test', DEMO_PASSWORD);
    await page.waitForURL(hostUrl('acme', '/dashboard'));
    const header = page.locator('header .account-menu');
    await expect(header.locator('.badge').textContent()).resolves.toBe('owner');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(hostUrl('acme', '/dashboard/login'));
    await page.goto(hostUrl('acme', '/dashboard'));
    await page.waitForURL(hostUrl('acme', '/dashboard/login?next=%2Fdashboard'));
    await page.context().close();
  });

  test('a shopper registers, sees their account, signs out, and signs in again as another shopper', async () => {
    const page = await freshPage();
    const email = `${uniqueSlug('e2e')}@example.com`;
    await page.goto(hostUrl('acme', '/account/register'));
    expect(await page.title()).toBe('Create an account — Acme Building Supplies');
    await page.getByLabel('Name').fill('Erin Example');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The API's validation message shows next to its field; nothing was created.
    const passwordError = page.locator('#customer-register-password-error');
    await passwordError.waitFor();
    await expect(passwordError.textContent()).resolves.toMatch(/10 characters/);
    await expect(page.getByLabel('Password').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(hostUrl('acme', '/account'));
    await expect(page.getByTestId('account-name').textContent()).resolves.toBe('Erin Example');
    await expect(page.getByTestId('account-email').textContent()).resolves.toBe(email);
    await expect(page.locator('header .account-menu').textContent()).resolves.toContain('Erin Example');
    await page.getByLabel('Change your name').fill('Erin Q. Example');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Saved.').waitFor();
    await expect(page.getByTestId('account-name').textContent()).resolves.toBe('Erin Q. Example');

    await page.locator('main').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(hostUrl('acme', '/account/login'));
    await expect(page.locator('header .account-menu').textContent()).resolves.toContain('Sign in');

    await fillSignIn(page, 'shopper@acme.test', DEMO_PASSWORD);
    await page.waitForURL(hostUrl('acme', '/account'));
    await expect(page.getByTestId('account-email').textContent()).resolves.toBe('shopper@acme.test');
    await page.context().close();
  });

  test('a wrong password shows the error and lets the shopper try again', async () => {
    const page = await freshPage();
    await page.goto(hostUrl('velo', '/account/login'));
    await fillSignIn(page, `${uniqueSlug('nobody')}@example.com`, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Wrong email or password');
    expect(page.url()).toBe(hostUrl('velo', '/account/login'));
    await expect(page.getByRole('button', { name: 'Sign in' }).isEnabled()).resolves.toBe(true);
    await page.context().close();
  });

  test('a rate-limited sign-in says when to try again, with the button disabled while it waits', async () => {
    const page = await freshPage();
    let release: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/shop/auth/login', async (route) => {
      await answered;
      await route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '42' },
        body: JSON.stringify({
          error: {
            code: 'RATE_LIMITED',
            message: 'Too many requests; try again later',
            requestId: 'e2e',
            details: { retryAfterSeconds: 42 },
          },
        }),
      });
    });
    await page.goto(hostUrl('acme', '/account/login'));
    await fillSignIn(page, 'someone@example.com', 'whatever-password');
    const button = page.locator('form button[type="submit"]');
    await expect(button.isDisabled()).resolves.toBe(true);
    release();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('try again in 42 seconds');
    await expect(button.isEnabled()).resolves.toBe(true);
    await page.context().close();
  });

  test('after the access cookie expires, the next page refreshes the session and the browser stores it', async () => {
    const page = await freshPage();
    const email = `${uniqueSlug('e2e')}@example.com`;
    await page.goto(hostUrl('acme', '/account/register'));
    await page.getByLabel('Name').fill('Rita Refresh');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(hostUrl('acme', '/account'));

    const url = hostUrl('acme', '/');
    const before = await page.context().cookies(url);
    const access = before.find((cookie) => cookie.name === 'vt_access');
    const refresh = before.find((cookie) => cookie.name === 'vt_refresh');
    expect(access?.httpOnly && refresh?.httpOnly).toBe(true);
    const expired = await expiredToken(access?.value ?? '');
    await page.context().addCookies([{ name: 'vt_access', value: expired, url, httpOnly: true, secure: true }]);

    await page.reload();
    expect(page.url()).toBe(hostUrl('acme', '/account'));
    await expect(page.getByTestId('account-name').textContent()).resolves.toBe('Rita Refresh');
    const after = await page.context().cookies(url);
    const renewed = after.find((cookie) => cookie.name === 'vt_access')?.value;
    expect(renewed).toMatch(/^ey/);
    expect(renewed).not.toBe(expired);
    expect(after.find((cookie) => cookie.name === 'vt_refresh')?.value).not.toBe(refresh?.value);

    // Signing out after the access cookie expired on an open page still ends the session.
    await page.context().addCookies([{ name: 'vt_access', value: expired, url, httpOnly: true, secure: true }]);
    await page.locator('main').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(hostUrl('acme', '/account/login'));
    await page.goto(hostUrl('acme', '/account'));
    await page.waitForURL(hostUrl('acme', '/account/login?next=%2Faccount'));
    await page.context().close();
  });

  test('a shopper signed in on acme is not signed in on velo', async () => {
    const email = `${uniqueSlug('e2e')}@example.com`;
    const registered = await request(hostUrl('acme', '/api/v1/shop/auth/register'), {
      method: 'POST',
      json: { email, name: 'Acme Only', password: 'a-long-enough-password' },
    });
    expect(registered.status).toBe(201);
    const page = await freshPage();
    await page.goto(hostUrl('acme', '/account/login?next=%2Faccount'));
    await fillSignIn(page, email, 'a-long-enough-password');
    await page.waitForURL(hostUrl('acme', '/account'));
    await page.goto(hostUrl('velo', '/account'));
    await page.waitForURL(hostUrl('velo', '/account/login?next=%2Faccount'));
    await expect(page.locator('header .account-menu').textContent()).resolves.toContain('Sign in');
    await page.context().close();
  });
});
