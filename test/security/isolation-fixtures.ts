import { expect } from 'vitest';
import { publishJobs, webhookDeliveries } from '../../drizzle/schema';
import { ensureDefaultLocations, setStock } from '../../src/modules/inventory';
import { createShippingMethod } from '../../src/modules/orders';
import { registerShopper } from '../harness/attackers';
import { request } from '../harness/http';
import { appDatabase, hostUrl } from '../harness/platform';
import type { ApiRoute } from '../harness/routes';
import { bearer, type TeamVendor, vendorApi } from '../harness/team';

/**
 * How to make, for one isolation case, an object of a vendor that a route names in its path, and
 * how to read it back as its own vendor. One fixture serves every route under its resource path
 * (`/api/v1/vendor/products/:id` also covers `…/:id/archive`), so a new action on a known
 * resource is attacked with no change here; a new resource needs a fixture (a test says which).
 */

/** A vendor under test and its owner's access token on its host. */
export interface Tenant {
  vendor: TeamVendor;
  owner: string;
}

/** The object made for one case. */
export interface Made {
  /** The values of the route's path parameters that name the object. */
  params: Record<string, string>;
  /** Text of the object that must not appear in another vendor's answer. */
  secrets: string[];
  /** The object as its own vendor's owner sees it now (undefined once it is gone). */
  readBack: () => Promise<unknown>;
  /** What the creating call answered (versions and such, for a valid request body). */
  object: Record<string, unknown>;
  /** For a shopper's own object (address book, order history): the token of the shopper who owns it. */
  token?: string;
}

export interface Fixture {
  resource: string;
  make: (tenant: Tenant) => Promise<Made>;
  /** A body the route's validator accepts, so only the lookup by id can refuse. */
  body?: (route: ApiRoute, made: Made) => unknown;
  /** The id itself is the credential (invitation links): called without signing in. */
  anonymous?: boolean;
}

const tag = () => crypto.randomUUID().slice(0, 8);

/** POSTs as the vendor's owner and returns the created object (201 expected). */
async function create(tenant: Tenant, path: string, json: unknown): Promise<Record<string, unknown>> {
  const created = await vendorApi<Record<string, unknown>>(tenant.vendor.slug, tenant.owner, 'POST', path, json);
  expect(created.status, `creating ${path}: ${JSON.stringify(created.body)}`).toBe(201);
  return created.body;
}

/** GETs as the vendor's owner: the body, or undefined on 404. */
async function read<T>(tenant: Tenant, path: string): Promise<T | undefined> {
  const answer = await vendorApi<T>(tenant.vendor.slug, tenant.owner, 'GET', path);
  if (answer.status === 404) return undefined;
  expect(answer.status, `reading ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

const byId = <T extends { id: string }>(items: T[] | undefined, id: unknown) => items?.find((item) => item.id === id);

async function teamEntry(tenant: Tenant, list: 'members' | 'invitations', key: 'userId' | 'id', id: string) {
  const team = await read<Record<typeof list, Record<string, unknown>[]>>(tenant, '/team');
  return team?.[list].find((entry) => entry[key] === id);
}

async function invite(tenant: Tenant): Promise<Made & { token: string }> {
  const email = `invitee-${tag()}@example.test`;
  const object = await create(tenant, '/team/invitations', { email, role: 'editor' });
  const token = new URL(String(object.acceptUrl)).pathname.split('/').pop() ?? '';
  const readBack = () => teamEntry(tenant, 'invitations', 'id', String(object.id));
  return { params: { id: String(object.id) }, secrets: [email], readBack, object, token };
}

async function product(tenant: Tenant): Promise<Made> {
  const title = `Isolation probe ${tag()}`;
  const object = await create(tenant, '/products', {
    title,
    status: 'active',
    variants: [{ sku: `ISO-${tag()}`, priceMinor: 1234 }],
  });
  const [variant] = object.variants as { id: string }[];
  return {
    params: { id: String(object.id), slug: String(object.slug), variantId: variant?.id ?? '' },
    secrets: [title],
    readBack: () => read(tenant, `/products/${String(object.id)}`),
    object,
  };
}

interface CategoryNode {
  id: string;
  children?: CategoryNode[];
}
const findCategory = (nodes: CategoryNode[], id: unknown): CategoryNode | undefined =>
  nodes.reduce<CategoryNode | undefined>(
    (found, node) => found ?? (node.id === id ? node : findCategory(node.children ?? [], id)),
    undefined,
  );

async function category(tenant: Tenant): Promise<Made> {
  const name = `Isolation ${tag()}`;
  const object = await create(tenant, '/categories', { name });
  const readBack = async () => findCategory((await read<{ data: CategoryNode[] }>(tenant, '/categories'))?.data ?? [], object.id);
  return { params: { id: String(object.id), slug: String(object.slug) }, secrets: [name], readBack, object };
}

const defaultLocations = new Map<string, Promise<unknown>>();

async function location(tenant: Tenant): Promise<Made> {
  // A vendor's first location is its default, which can't be deleted: make that one first.
  let first = defaultLocations.get(tenant.vendor.id);
  if (!first) {
    first = create(tenant, '/locations', { code: `main-${tag()}`, name: 'Main' });
    defaultLocations.set(tenant.vendor.id, first);
  }
  await first;
  const name = `Isolation ${tag()}`;
  const object = await create(tenant, '/locations', { code: `iso-${tag()}`, name });
  const readBack = async () => byId((await read<{ data: { id: string }[] }>(tenant, '/locations'))?.data, object.id);
  return { params: { id: String(object.id) }, secrets: [name], readBack, object };
}

const sellables = new Map<string, Promise<{ variantId: string; shippingMethodId: string }>>();

/** A product in stock and a shipping method, once per vendor (setup through the services). */
function sellable(tenant: Tenant) {
  let made = sellables.get(tenant.vendor.id);
  if (!made) {
    made = (async () => {
      const db = appDatabase();
      const [main] = await ensureDefaultLocations(db, tenant.vendor.id);
      const { params } = await product(tenant);
      const variantId = params.variantId ?? '';
      await setStock(db, tenant.vendor.id, [{ variantId, locationId: main?.id ?? '', onHand: 1000 }], { events: false });
      const method = await createShippingMethod(db, tenant.vendor.id, {
        name: 'Parcel',
        kind: 'flat',
        priceMinor: 500,
        brackets: [],
        freeOverMinor: null,
        active: true,
        position: 0,
      });
      return { variantId, shippingMethodId: method.id };
    })();
    sellables.set(tenant.vendor.id, made);
  }
  return made;
}

/** An order placed on the tenant's shop, by a new shopper (or as a guest). */
async function order(tenant: Tenant, asShopper: boolean): Promise<Made> {
  const { variantId, shippingMethodId } = await sellable(tenant);
  const shopper = asShopper ? await registerShopper(tenant.vendor.slug) : undefined;
  const email = shopper?.email ?? `guest-${tag()}@example.test`;
  const name = `Isolation Buyer ${tag()}`;
  const placed = await request(hostUrl(tenant.vendor.slug, '/api/v1/shop/orders'), {
    method: 'POST',
    headers: { 'idempotency-key': `iso-${crypto.randomUUID()}`, ...(shopper ? bearer(shopper.token) : {}) },
    json: {
      lines: [{ variantId, quantity: 1 }],
      email,
      shippingAddress: { name, line1: '1 Main Street', postalCode: '1234', city: 'Town', country: 'LU' },
      shippingMethodId,
      paymentMethod: 'bank_transfer',
    },
  });
  const object = (await placed.json()) as Record<string, unknown>;
  expect(placed.status, `placing an order: ${JSON.stringify(object)}`).toBe(201);
  return {
    params: { id: String(object.id), number: String(object.number) },
    secrets: [email, name],
    readBack: () => read(tenant, `/orders/${String(object.id)}`),
    object,
    ...(shopper ? { token: shopper.token } : {}),
  };
}

async function savedAddress(tenant: Tenant): Promise<Made> {
  const shopper = await registerShopper(tenant.vendor.slug);
  const name = `Isolation Resident ${tag()}`;
  const url = hostUrl(tenant.vendor.slug, '/api/v1/shop/account/addresses');
  const created = await request(url, {
    method: 'POST',
    headers: bearer(shopper.token),
    json: { name, line1: '1 Main Street', postalCode: '1234', city: 'Town', country: 'LU' },
  });
  const object = (await created.json()) as Record<string, unknown>;
  expect(created.status, `adding an address: ${JSON.stringify(object)}`).toBe(201);
  const readBack = async () => {
    const list = (await (await request(url, { headers: bearer(shopper.token) })).json()) as { data: { id: string }[] };
    return byId(list.data, object.id);
  };
  return { params: { id: String(object.id) }, secrets: [name], readBack, object, token: shopper.token };
}

async function settingsEntry(tenant: Tenant, kind: 'shipping-methods' | 'tax-rates'): Promise<Made> {
  const name = `Isolation ${tag()}`;
  const json =
    kind === 'shipping-methods'
      ? { name, kind: 'flat', priceMinor: 700 }
      : { name, rateBp: 800, categoryId: (await category(tenant)).params.id };
  const object = await create(tenant, `/settings/${kind}`, json);
  const readBack = async () => byId((await read<{ data: { id: string }[] }>(tenant, `/settings/${kind}`))?.data, object.id);
  return { params: { id: String(object.id) }, secrets: [name], readBack, object };
}

/** A webhook endpoint; its URL points at a closed loopback port, so a control ping goes nowhere. */
async function webhookEndpoint(tenant: Tenant): Promise<Made> {
  const url = `http://127.0.0.1:9/isolation-${tag()}`;
  const object = await create(tenant, '/webhooks', { url, events: ['order.placed.v1'] });
  const readBack = () => read(tenant, `/webhooks/${String(object.id)}`);
  return { params: { id: String(object.id) }, secrets: [url, String(object.secret)], readBack, object };
}

/** A pricing rule, inactive so it re-prices nothing while it is attacked. */
async function pricingRule(tenant: Tenant): Promise<Made> {
  const name = `Isolation rule ${tag()}`;
  const object = await create(tenant, '/pricing-rules', { name, kind: 'percent', direction: 'markup', value: 5, active: false });
  const readBack = () => read(tenant, `/pricing-rules/${String(object.id)}`);
  return { params: { id: String(object.id) }, secrets: [name], readBack, object };
}

/** A delivery in an endpoint's log, written as the webhooks Worker writes it (no message in flight). */
async function webhookDelivery(tenant: Tenant): Promise<Made> {
  const endpoint = await webhookEndpoint(tenant);
  const vendorId = tenant.vendor.id;
  const endpointId = endpoint.params.id as string;
  const eventId = crypto.randomUUID();
  const payload = { id: eventId, topic: 'order.placed.v1', vendorId, occurredAt: new Date().toISOString(), data: {} };
  const [[row]] = await appDatabase()
    .vendor(vendorId)
    .write(
      (q) =>
        [
          q
            .insert(webhookDeliveries)
            .values({ vendorId, endpointId, eventId, topic: 'order.placed.v1', payload, status: 'failed', attempts: 1 })
            .returning(),
        ] as const,
    );
  if (!row) throw new Error('fixture: no delivery');
  const readBack = async () =>
    byId((await read<{ data: { id: string }[] }>(tenant, `/webhooks/${endpointId}/deliveries`))?.data, row.id);
  return { params: { id: row.id }, secrets: [...endpoint.secrets, eventId], readBack, object: { id: row.id } };
}

/**
 * An import job that stays unfinished for the test's length (one row per step, a minute between
 * steps: local tuning), so cancelling it is a valid request for its own vendor.
 */
async function importJob(tenant: Tenant): Promise<Made> {
  const fileName = `isolation-${tag()}.csv`;
  const response = await request(hostUrl(tenant.vendor.slug, `/api/v1/vendor/imports?fileName=${fileName}`), {
    method: 'POST',
    headers: {
      ...bearer(tenant.owner),
      'content-type': 'text/csv',
      'x-vitrine-import-tuning': JSON.stringify({ batchSize: 1, stepRows: 1, stepDelaySeconds: 60 }),
    },
    body: 'id,title,price\n1,One,1 EUR\n2,Two,2 EUR\n3,Three,3 EUR\n',
  });
  const object = (await response.json()) as Record<string, unknown>;
  expect(response.status, `creating an import: ${JSON.stringify(object)}`).toBe(202);
  const readBack = async () => {
    const job = await read<Record<string, unknown>>(tenant, `/imports/${object.id}`);
    return job && { id: job.id, fileName: job.fileName, cancelRequested: job.cancelRequested, dryRun: job.dryRun };
  };
  return { params: { id: String(object.id) }, secrets: [fileName], readBack, object };
}

/**
 * A publish job that stays running for the test's length: written as the publish route writes it
 * but without its event, so no step ever runs it and cancelling it is a valid request for its vendor.
 */
async function publishJob(tenant: Tenant): Promise<Made> {
  const vendorId = tenant.vendor.id;
  const source = `isolation-${tag()}`;
  const [[row]] = await appDatabase()
    .vendor(vendorId)
    .write(
      (q) =>
        [
          q
            .insert(publishJobs)
            .values({ vendorId, status: 'running', selectAll: true, source, groupsTotal: 3, startedAt: new Date() })
            .returning(),
        ] as const,
    );
  if (!row) throw new Error('fixture: no publish job');
  const readBack = async () => {
    const job = await read<Record<string, unknown>>(tenant, `/imports/publish-jobs/${row.id}`);
    return job && { id: job.id, status: job.status, cancelRequested: job.cancelRequested };
  };
  return { params: { id: row.id }, secrets: [source], readBack, object: { id: row.id } };
}

export const FIXTURES: Fixture[] = [
  {
    resource: '/api/v1/vendor/team/members/:userId',
    make: async (tenant) => {
      // Invited by the owner and accepted by the invitee, as a member joins through the API.
      const invitation = await invite(tenant);
      const accepted = await request(hostUrl(tenant.vendor.slug, `/api/v1/vendor/invitations/${invitation.token}/accept`), {
        method: 'POST',
        json: { name: 'Isolation member', password: 'a-long-password' },
      });
      const body = (await accepted.json()) as { user: { id: string; email: string } };
      expect(accepted.status, `accepting an invitation: ${JSON.stringify(body)}`).toBe(200);
      const readBack = () => teamEntry(tenant, 'members', 'userId', body.user.id);
      return { params: { userId: body.user.id }, secrets: [body.user.email], readBack, object: body.user };
    },
    body: () => ({ role: 'viewer' }),
  },
  { resource: '/api/v1/vendor/team/invitations/:id', make: invite },
  {
    resource: '/api/v1/vendor/invitations/:token',
    make: async (tenant) => {
      const made = await invite(tenant);
      return { ...made, params: { token: made.token } };
    },
    body: () => ({ name: 'Invitee', password: 'a-long-password' }),
    anonymous: true,
  },
  {
    resource: '/api/v1/vendor/api-keys/:id',
    make: async (tenant) => {
      const name = `isolation ${tag()}`;
      const object = await create(tenant, '/api-keys', { name, scopes: ['catalog:read'] });
      const readBack = async () => byId((await read<{ data: { id: string }[] }>(tenant, '/api-keys?limit=100'))?.data, object.id);
      return { params: { id: String(object.id) }, secrets: [name, String(object.key)], readBack, object };
    },
  },
  {
    resource: '/api/v1/vendor/products/:id',
    make: product,
    body: (route, made) => (route.method === 'PATCH' ? { version: made.object.version, title: 'Renamed across vendors' } : {}),
  },
  { resource: '/api/v1/shop/products/:slug', make: product },
  { resource: '/api/v1/vendor/inventory/variants/:variantId', make: product },
  // Setting a line to 0 needs no stock, so B's own variant succeeds (the control) and only the lookup can refuse.
  { resource: '/api/v1/shop/cart/items/:variantId', make: product, body: () => ({ quantity: 0 }) },
  { resource: '/api/v1/vendor/categories/:id', make: category, body: () => ({ name: 'Renamed across vendors' }) },
  { resource: '/api/v1/shop/categories/:slug', make: category },
  { resource: '/api/v1/vendor/locations/:id', make: location, body: () => ({ name: 'Renamed across vendors' }) },
  {
    resource: '/api/v1/vendor/orders/:id',
    make: (tenant) => order(tenant, false),
    body: (_, made) => ({ to: 'confirmed', version: made.object.version }),
  },
  {
    resource: '/api/v1/vendor/customers/:id',
    make: async (tenant) => {
      const shopper = await registerShopper(tenant.vendor.slug);
      const readBack = () => read(tenant, `/customers/${shopper.customerId}`);
      return { params: { id: shopper.customerId }, secrets: [shopper.email], readBack, object: { id: shopper.customerId } };
    },
  },
  {
    resource: '/api/v1/vendor/settings/shipping-methods/:id',
    make: (tenant) => settingsEntry(tenant, 'shipping-methods'),
    body: () => ({ name: 'Renamed across vendors' }),
  },
  {
    resource: '/api/v1/vendor/settings/tax-rates/:id',
    make: (tenant) => settingsEntry(tenant, 'tax-rates'),
    body: () => ({ name: 'Renamed across vendors' }),
  },
  { resource: '/api/v1/vendor/webhooks/:id', make: webhookEndpoint, body: () => ({ description: 'Renamed across vendors' }) },
  { resource: '/api/v1/vendor/webhook-deliveries/:id', make: webhookDelivery },
  {
    resource: '/api/v1/vendor/pricing-rules/:id',
    make: pricingRule,
    body: (_, made) => ({ version: made.object.version, name: 'Renamed across vendors' }),
  },
  { resource: '/api/v1/vendor/imports/:id', make: importJob },
  { resource: '/api/v1/vendor/imports/publish-jobs/:id', make: publishJob },
  { resource: '/api/v1/shop/account/orders/:number', make: (tenant) => order(tenant, true) },
  { resource: '/api/v1/shop/account/addresses/:id', make: savedAddress, body: () => ({ city: 'Elsewhere' }) },
];

/** The fixture of the resource a route belongs to, if any. */
export const fixtureFor = (route: ApiRoute): Fixture | undefined =>
  FIXTURES.find((f) => route.pattern === f.resource || route.pattern.startsWith(`${f.resource}/`));
