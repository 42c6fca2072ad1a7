import { eq } from 'drizzle-orm';
import { customers, memberships, type TeamRole, users } from '../../drizzle/schema';
import { hashPassword } from '../../src/modules/access/passwords';
import { TEAM_ROLES } from '../../src/modules/access/permissions';
import { createShippingMethod, createTaxRate, listShippingMethods, listTaxRates } from '../../src/modules/orders';
import { createVendor, type TenancyEnv } from '../../src/modules/tenancy';
import { findVendorBySlug } from '../../src/modules/tenancy/repo';
import type { Database } from '../../src/platform/db';
import { ApiError } from '../../src/platform/errors';
import { LOCAL_SECRETS } from './config';
import { demoCatalog, seedCatalog } from './demo-catalog';

/** The demo vendors of DESIGN.md (catalogs in demo-catalog/): the same on every machine, so people and scripts can rely on them. */
export const DEMO_VENDORS = [
  { slug: 'acme', name: 'Acme Building Supplies', theme: { primary: '#b4490f', accent: '#1f2937', logoUrl: null } },
  { slug: 'nordlicht', name: 'Nordlicht Home & Light', theme: { primary: '#1e3a5f', accent: '#e8b923', logoUrl: null } },
  { slug: 'velo', name: 'Velo Bikes & Parts', theme: { primary: '#0f766e', accent: '#f97316', logoUrl: null } },
];

export const DEMO_ADMIN = 'admin@vitrine.test';

/** The demo logins, for the README and the start-up banner. */
export function demoLogins(): string[] {
  return [
    `${DEMO_ADMIN} (admin host)`,
    ...DEMO_VENDORS.flatMap((v) => [...TEAM_ROLES.map((role) => `${role}@${v.slug}.test`), `shopper@${v.slug}.test`]),
  ];
}

/** The vendor with this slug: created through the tenancy service when missing; answers its id. */
export async function ensureVendor(
  db: Database,
  vendor: { slug: string; name: string; theme?: (typeof DEMO_VENDORS)[number]['theme'] },
  env?: TenancyEnv,
): Promise<string> {
  try {
    // With env, a (re)created vendor's hosts are forgotten in a Redis that outlived the database.
    return (await createVendor(db, vendor, env ? { env } : {})).id;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
    const [[row]] = await db.platform().read((q) => [findVendorBySlug(q, vendor.slug)] as const);
    if (!row) throw error;
    return row.id;
  }
}

async function ensureUser(
  db: Database,
  email: string,
  name: string,
  passwordHash: string,
  isPlatformAdmin = false,
): Promise<string> {
  const [inserted] = await db
    .platform()
    .write(
      (q) =>
        [
          q
            .insert(users)
            .values({ email, name, passwordHash, isPlatformAdmin })
            .onConflictDoNothing()
            .returning({ id: users.id }),
        ] as const,
    );
  if (inserted[0]) return inserted[0].id;
  const [[row]] = await db
    .platform()
    .read((q) => [q.select({ id: users.id }).from(users).where(eq(users.email, email))] as const);
  if (!row) throw new Error(`seed: user ${email} vanished`);
  return row.id;
}

/**
 * A team member per role (`<role>@<slug>.test`) and a shopper (`shopper@<slug>.test`) for the
 * vendor, where missing; answers whether any membership was added.
 */
export async function ensureDemoAccounts(
  db: Database,
  vendorId: string,
  vendor: { slug: string; name: string },
  passwordHash: string,
): Promise<boolean> {
  const members: { userId: string; role: TeamRole }[] = [];
  for (const role of TEAM_ROLES) {
    const name = `${role[0]?.toUpperCase()}${role.slice(1)} at ${vendor.name}`;
    members.push({ userId: await ensureUser(db, `${role}@${vendor.slug}.test`, name, passwordHash), role });
  }
  const [added] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .insert(memberships)
          .values(members.map((m) => ({ vendorId, ...m })))
          .onConflictDoNothing()
          .returning(),
        q
          .insert(customers)
          .values({ vendorId, email: `shopper@${vendor.slug}.test`, name: `Sam Shopper (${vendor.name})`, passwordHash })
          .onConflictDoNothing(),
      ] as const,
  );
  return added.length > 0;
}

/**
 * So a demo shop can take orders: Luxembourg's standard VAT (17 %), a flat delivery that is free
 * from EUR 150 and a freight rate by weight. Only for a vendor that has none of either yet.
 */
async function ensureCheckoutSettings(db: Database, vendorId: string): Promise<void> {
  const [methods, rates] = await Promise.all([listShippingMethods(db, vendorId, false), listTaxRates(db, vendorId)]);
  if (rates.length === 0) await createTaxRate(db, vendorId, { name: 'Standard VAT (LU)', rateBp: 1700, categoryId: null });
  if (methods.length > 0) return;
  const common = { active: true, brackets: [], priceMinor: 0, freeOverMinor: null };
  await createShippingMethod(db, vendorId, {
    ...common,
    name: 'Standard delivery',
    kind: 'flat',
    priceMinor: 590,
    freeOverMinor: 15_000,
    position: 0,
  });
  await createShippingMethod(db, vendorId, {
    ...common,
    name: 'Freight by weight',
    kind: 'weight',
    brackets: [
      { upToGrams: 5_000, priceMinor: 790 },
      { upToGrams: 30_000, priceMinor: 1_990 },
      { upToGrams: 1_000_000, priceMinor: 8_900 },
    ],
    position: 1,
  });
}

/**
 * Creates whatever demo data is missing, through the same services the API uses where there is
 * one; safe to rerun: accounts, then each vendor's catalog with stock (skipped once complete).
 * Every demo password is `vitrine-demo`.
 */
export async function seedDemo(db: Database, env?: TenancyEnv): Promise<{ created: string[]; catalogs: string[] }> {
  const passwordHash = await hashPassword(LOCAL_SECRETS.demoPassword);
  await ensureUser(db, DEMO_ADMIN, 'Platform Admin', passwordHash, true);
  const vendors: { slug: string; id: string; created: boolean }[] = [];
  for (const vendor of DEMO_VENDORS) {
    const id = await ensureVendor(db, vendor, env);
    vendors.push({ slug: vendor.slug, id, created: await ensureDemoAccounts(db, id, vendor, passwordHash) });
  }
  // The three catalogs go in side by side: while one waits for Postgres, another is prepared.
  const catalogs = await Promise.all(vendors.map((vendor) => seedCatalog(db, vendor.id, demoCatalog(vendor.slug))));
  await Promise.all(vendors.map((vendor) => ensureCheckoutSettings(db, vendor.id)));
  return {
    created: vendors.filter((vendor) => vendor.created).map((vendor) => vendor.slug),
    catalogs: vendors.filter((_, index) => catalogs[index]?.seeded).map((vendor) => vendor.slug),
  };
}
