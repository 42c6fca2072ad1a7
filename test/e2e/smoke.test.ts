import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../harness/browser';
import { hostUrl } from '../harness/platform';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('browser smoke test (real Chromium)', () => {
  test("acme.localhost shows Acme's name in its theme, and Alpine runs", async () => {
    const page = await browser.newPage();
    await page.goto(hostUrl('acme'));
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Acme Building Supplies');
    expect(await page.title()).toContain('Acme Building Supplies');
    const brand = await page.evaluate<string>("getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()");
    expect(brand.toLowerCase()).toBe('#b4490f');
    // The announcement bar is an Alpine component: dismissing it hides it.
    const dismiss = page.getByRole('button', { name: /dismiss|close/i }).first();
    await dismiss.click();
    await expect.poll(() => dismiss.isVisible()).toBe(false);
    await page.close();
  });

  test('admin.localhost shows the admin sign-in page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(hostUrl('admin'));
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Sign in');
    await page.close();
  });

  test('an unknown shop shows the 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(hostUrl('no-such-shop'));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/not found/i);
    await page.close();
  });
});
