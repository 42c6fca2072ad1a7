import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dashboardPage, launchChromium } from '../harness/browser';
import { request } from '../harness/http';
import { DEMO_PASSWORD, hostUrl } from '../harness/platform';
import { type OrderShop, orderBody, orderShop, place, registerShopper } from './order-fixtures';

/** The dashboard's order and customer pages, rendered for a signed-in team member (access cookie). */

let shop: OrderShop;
let order: { id: string; number: number };
let customerId: string;

beforeAll(async () => {
  shop = await orderShop();
  const shopper = await registerShopper(shop.vendor.slug);
  customerId = shopper.customerId;
  const placed = await place(
    shop,
    orderBody(
      shop,
      [
        ['HAM-1', 2],
        ['BOOK-1', 1],
      ],
      { email: shopper.email, note: 'Ring twice' },
    ),
    { token: shopper.token },
  );
  order = placed.body as unknown as { id: string; number: number };
}, 60_000);

async function page(path: string, role: 'manager' | 'viewer' = 'manager') {
  const response = await request(hostUrl(shop.vendor.slug, path), { headers: { cookie: `vt_access=${shop.tokens[role]}` } });
  return { status: response.status, html: await response.text() };
}

describe('dashboard order pages', () => {
  test('the list shows the order and filters by status and number', async () => {
    const list = await page('/dashboard/orders');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`#${order.number}`);
    expect(list.html).toContain('Pending');
    const none = await page('/dashboard/orders?status=shipped');
    expect(none.html).toContain('No orders match');
    const byNumber = await page(`/dashboard/orders?number=${order.number}`);
    expect(byNumber.html).toContain(`/dashboard/orders/${order.id}`);
  });

  test('the detail page offers the allowed transitions to managers, not to viewers', async () => {
    const manager = await page(`/dashboard/orders/${order.id}`);
    expect(manager.status).toBe(200);
    expect(manager.html).toContain('Claw Hammer');
    expect(manager.html).toContain('Ring twice');
    expect(manager.html).toContain('>Confirm<');
    expect(manager.html).toContain('Cancel order');
    expect(manager.html).not.toContain('Mark shipped');
    const viewer = await page(`/dashboard/orders/${order.id}`, 'viewer');
    expect(viewer.html).not.toContain('>Confirm<');
    expect(viewer.html).toContain('owners and managers move them on');
    const missing = await page(`/dashboard/orders/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
  });

  test('the packing slip lists what goes in the parcel, without prices', async () => {
    const slip = await page(`/dashboard/orders/${order.id}/packing-slip`);
    expect(slip.status).toBe(200);
    expect(slip.html).toContain(`#${order.number}`);
    expect(slip.html).toContain('HAM-1');
    expect(slip.html).toContain('Ada Lovelace');
    expect(slip.html).not.toContain('19.90');
  });

  test('customers: the list and one customer with their orders', async () => {
    const list = await page('/dashboard/customers');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/dashboard/customers/${customerId}`);
    const detail = await page(`/dashboard/customers/${customerId}`);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain(`#${order.number}`);
  });

  test('signed out, the dashboard pages send you to sign in', async () => {
    const response = await request(hostUrl(shop.vendor.slug, '/dashboard/orders'));
    expect(response.status).toBe(302);
  });
});

describe('in a real browser', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a manager confirms the order with a note; the page shows the new status and the next step', async () => {
    const placed = await place(shop, orderBody(shop, [['BOOK-1', 1]]));
    const { id } = placed.body as unknown as { id: string };
    const path = `/dashboard/orders/${id}`;
    const tab = await dashboardPage(browser, shop.vendor.slug, { email: shop.emails.manager, password: DEMO_PASSWORD }, path);
    await tab.getByLabel('Note for the history (optional)').fill('Paid by transfer');
    await tab.getByRole('button', { name: 'Confirm' }).click();
    await tab.getByRole('button', { name: 'Start processing' }).waitFor();
    expect(await tab.locator('.order-history').textContent()).toContain('Paid by transfer');

    // The same manager adds a shipping method priced by weight.
    await tab.goto(hostUrl(shop.vendor.slug, '/dashboard/settings/checkout'));
    await tab.getByLabel('Name', { exact: true }).first().fill('Pallet');
    await tab.getByLabel('Priced').selectOption('weight');
    await tab.getByLabel('Brackets, one per line: up to grams = price').fill('50000 = 49.00\n500000 = 149,50');
    await tab.getByRole('button', { name: 'Add shipping method' }).click();
    await tab.locator('tbody tr', { hasText: 'Pallet' }).waitFor();
    expect(await tab.locator('tbody tr', { hasText: 'Pallet' }).textContent()).toContain('149.50');
  });
});

describe('checkout settings page', () => {
  test('lists shipping methods and VAT rates; managers get the forms, viewers do not', async () => {
    const manager = await page('/dashboard/settings/checkout');
    expect(manager.status).toBe(200);
    expect(manager.html).toContain('Parcel');
    expect(manager.html).toContain('Reduced VAT');
    expect(manager.html).toContain('Books');
    expect(manager.html).toContain('Add a shipping method');
    const viewer = await page('/dashboard/settings/checkout', 'viewer');
    expect(viewer.html).not.toContain('Add a shipping method');
  });
});
