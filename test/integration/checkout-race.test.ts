import { sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { appDatabase } from '../harness/platform';
import { levelOf, orderBody, orderShop, place } from './order-fixtures';

/**
 * The hot SKU: 10 units left, 50 buyers at once, each through the Worker over HTTP. Exactly 10
 * orders are placed; every other buyer hears INSUFFICIENT_STOCK with 0 available; the level holds
 * 10 reserved and never goes below zero; the 10 orders got consecutive numbers.
 */
const BUYERS = 50;
const UNITS = 10;

test(`${BUYERS} concurrent checkouts for the last ${UNITS} units: exactly ${UNITS} succeed`, { timeout: 120_000 }, async () => {
  const shop = await orderShop();
  const variantId = shop.variants['HAM-1'] as string;
  expect(await levelOf(shop.vendor.id, variantId)).toMatchObject({ onHand: UNITS, reserved: 0 });

  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: BUYERS }, (_, i) =>
      place(shop, orderBody(shop, [['HAM-1', 1]], { email: `buyer-${i}@example.com` }), {
        key: `race-${i}-${crypto.randomUUID()}`,
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;

  const placed = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status !== 201);
  expect(placed.length, JSON.stringify(refused.filter((a) => a.status !== 409).slice(0, 3))).toBe(UNITS);
  for (const answer of refused) {
    expect(answer.status, JSON.stringify(answer.body)).toBe(409);
    const error = (answer.body as { error: { code: string; details: { lines: { variantId: string; available: number }[] } } })
      .error;
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.details.lines).toEqual([expect.objectContaining({ variantId, requested: 1, available: 0 })]);
  }

  const level = await levelOf(shop.vendor.id, variantId);
  expect(level).toEqual({ onHand: UNITS, reserved: UNITS, ledgerOnHand: UNITS, ledgerReserved: UNITS });
  const [rows] = await appDatabase()
    .vendor(shop.vendor.id)
    .read(
      (q) =>
        [
          q.execute<{ numbers: number[]; negative: number }>(sql`
            select array_agg(number order by number) as numbers,
              (select count(*)::int from inventory_levels where vendor_id = ${shop.vendor.id} and available < 0) as negative
            from orders where vendor_id = ${shop.vendor.id}`),
        ] as const,
    );
  expect(rows.rows[0]?.negative).toBe(0);
  expect(rows.rows[0]?.numbers).toEqual(Array.from({ length: UNITS }, (_, i) => 1001 + i));

  console.log(
    `checkout race: ${BUYERS} concurrent checkouts for ${UNITS} units in ${seconds.toFixed(2)} s → ` +
      `${(BUYERS / seconds).toFixed(0)} checkouts/s (${UNITS} placed, ${BUYERS - UNITS} refused)`,
  );
});
