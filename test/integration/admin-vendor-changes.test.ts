import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { outbox } from '../../drizzle/schema';
import {
  adminCall as admin,
  uniqueDomain as domainName,
  errorOf,
  expectStatus as ok,
  outboxTopics as topicsOf,
  type AdminVendor as Vendor,
  type AdminVendorDetail as VendorDetail,
} from '../harness/admin';
import { appDatabase, createTestVendor } from '../harness/platform';

// The admin API's changes to a vendor: their rules, errors and events. What the hosts serve after
// each change is in host-resolution.test.ts; creating, finding and securing vendors in admin-vendors.test.ts.

describe('verify, suspend, reactivate, delete', () => {
  test('each change writes its event once; repeating verify, suspend or reactivate changes nothing', async () => {
    const vendor = await createTestVendor('Lifecycle');
    const verified = await ok<Vendor>(await admin('POST', `/vendors/${vendor.id}/verify`));
    expect(verified.verifiedAt).not.toBeNull();
    expect((await ok<Vendor>(await admin('POST', `/vendors/${vendor.id}/verify`))).verifiedAt).toBe(verified.verifiedAt);
    expect((await ok<Vendor>(await admin('POST', `/vendors/${vendor.id}/suspend`, { reason: 'Unpaid' }))).status).toBe(
      'suspended',
    );
    await ok(await admin('POST', `/vendors/${vendor.id}/suspend`));
    expect((await ok<Vendor>(await admin('POST', `/vendors/${vendor.id}/reactivate`))).status).toBe('active');
    await ok(await admin('POST', `/vendors/${vendor.id}/reactivate`));
    await ok(await admin('DELETE', `/vendors/${vendor.id}`), 204);
    expect(await topicsOf(vendor.id)).toEqual([
      'vendor.created.v1',
      'vendor.verified.v1',
      'vendor.suspended.v1',
      'vendor.reactivated.v1',
      'vendor.deleted.v1',
    ]);
    const [[suspended]] = await appDatabase()
      .vendor(vendor.id)
      .read(
        (q) =>
          [
            q
              .select({ payload: outbox.payload })
              .from(outbox)
              .where(and(eq(outbox.vendorId, vendor.id), eq(outbox.topic, 'vendor.suspended.v1'))),
          ] as const,
      );
    expect(suspended?.payload).toMatchObject({ vendorId: vendor.id, reason: 'Unpaid' });
  });

  test('concurrent suspensions of one vendor write one event', async () => {
    const vendor = await createTestVendor('Raced');
    const responses = await Promise.all(Array.from({ length: 4 }, () => admin('POST', `/vendors/${vendor.id}/suspend`, {})));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await topicsOf(vendor.id)).toEqual(['vendor.created.v1', 'vendor.suspended.v1']);
  });

  test('a deleted vendor is kept for the record but every change to it is CONFLICT', async () => {
    const vendor = await createTestVendor('Deleted For Good');
    await ok(await admin('DELETE', `/vendors/${vendor.id}`), 204);
    const detail = await ok<VendorDetail>(await admin('GET', `/vendors/${vendor.id}`));
    expect(detail.deletedAt).not.toBeNull();
    for (const [method, path, body] of [
      ['POST', `/vendors/${vendor.id}/reactivate`],
      ['POST', `/vendors/${vendor.id}/suspend`, {}],
      ['POST', `/vendors/${vendor.id}/verify`],
      ['PATCH', `/vendors/${vendor.id}`, { name: 'Zombie' }],
      ['DELETE', `/vendors/${vendor.id}`],
      ['POST', `/vendors/${vendor.id}/domains`, { domain: domainName() }],
    ] as const) {
      const response = await admin(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(409);
      expect((await errorOf(response)).code).toBe('CONFLICT');
    }
    // Its slug stays taken.
    const again = await admin('POST', '/vendors', { name: 'Reborn', slug: vendor.slug });
    expect(again.status).toBe(409);
  });
});

describe('custom domains', () => {
  test('add (unverified), verify and remove, each with its event', async () => {
    const vendor = await createTestVendor('Domain Owner');
    const name = domainName();
    const added = await ok<{ id: string; domain: string; verifiedAt: string | null }>(
      await admin('POST', `/vendors/${vendor.id}/domains`, { domain: ` ${name.toUpperCase()}. ` }),
      201,
    );
    expect(added).toMatchObject({ domain: name, verifiedAt: null });
    const verified = await ok<{ verifiedAt: string | null }>(
      await admin('POST', `/vendors/${vendor.id}/domains/${added.id}/verify`),
    );
    expect(verified.verifiedAt).not.toBeNull();
    const detail = await ok<VendorDetail>(await admin('GET', `/vendors/${vendor.id}`));
    expect(detail.domains).toEqual([expect.objectContaining({ id: added.id, domain: name, verifiedAt: verified.verifiedAt })]);
    await ok(await admin('DELETE', `/vendors/${vendor.id}/domains/${added.id}`), 204);
    expect((await ok<VendorDetail>(await admin('GET', `/vendors/${vendor.id}`))).domains).toEqual([]);
    expect(await topicsOf(vendor.id)).toEqual([
      'vendor.created.v1',
      'vendor.domain-added.v1',
      'vendor.domain-verified.v1',
      'vendor.domain-removed.v1',
    ]);
  });

  test('a domain is unique across vendors: CONFLICT, also for its own vendor', async () => {
    const [first, second] = await Promise.all([createTestVendor('First Claim'), createTestVendor('Second Claim')]);
    const name = domainName();
    await ok(await admin('POST', `/vendors/${first.id}/domains`, { domain: name }), 201);
    for (const vendor of [second, first]) {
      const response = await admin('POST', `/vendors/${vendor.id}/domains`, { domain: name });
      expect(response.status).toBe(409);
      expect((await errorOf(response)).code).toBe('CONFLICT');
    }
  });

  test("hosts under the platform's root, IPs, ports and junk are VALIDATION_FAILED", async () => {
    const vendor = await createTestVendor('Picky Domains');
    for (const domain of [
      'localhost',
      'shop.localhost',
      'admin.localhost',
      '127.0.0.1',
      'shop.example.com:8080',
      'no_dots',
      '',
    ]) {
      const response = await admin('POST', `/vendors/${vendor.id}/domains`, { domain });
      expect(response.status, domain).toBe(422);
      expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
    }
  });

  test("another vendor's domain id is NOT_FOUND", async () => {
    const [owner, other] = await Promise.all([createTestVendor('Domain Keeper'), createTestVendor('Domain Grabber')]);
    const added = await ok<{ id: string }>(await admin('POST', `/vendors/${owner.id}/domains`, { domain: domainName() }), 201);
    for (const [method, path] of [
      ['POST', `/vendors/${other.id}/domains/${added.id}/verify`],
      ['DELETE', `/vendors/${other.id}/domains/${added.id}`],
    ] as const) {
      const response = await admin(method, path);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
  });
});
