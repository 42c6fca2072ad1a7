import { describe, expect, test } from 'vitest';
import { request } from '../harness/http';
import { hostUrl } from '../harness/platform';
import { addTeamMember, createVendorWithOwner, teamLogin, vendorApi } from '../harness/team';

interface Settings {
  name: string;
  slug: string;
  theme: { primary: string; accent: string; logoUrl: string | null };
}

describe('/api/v1/vendor/settings', () => {
  test('the owner renames and re-themes the shop; the shop shows it at once', async () => {
    const vendor = await createVendorWithOwner('Before Rename');
    const { token } = await teamLogin(vendor.slug, vendor.owner);
    const changed = await vendorApi<Settings>(vendor.slug, token, 'PATCH', '/settings', {
      name: 'After Rename',
      theme: { primary: '#123456', accent: '#abcdef', logoUrl: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'After Rename', slug: vendor.slug, theme: { primary: '#123456' } });
    const read = await vendorApi<Settings>(vendor.slug, token, 'GET', '/settings');
    expect(read.body.name).toBe('After Rename');
    const shop = await (await request(hostUrl(vendor.slug))).text();
    expect(shop).toContain('After Rename');
  });

  test.each(['manager', 'editor', 'viewer'] as const)(
    'a %s reads the settings but cannot change them (FORBIDDEN)',
    async (role) => {
      const vendor = await createVendorWithOwner();
      const member = await addTeamMember(vendor, role);
      const { token } = await teamLogin(vendor.slug, member);
      expect((await vendorApi(vendor.slug, token, 'GET', '/settings')).status).toBe(200);
      const attempt = await vendorApi<{ error: { code: string } }>(vendor.slug, token, 'PATCH', '/settings', {
        name: 'Hijacked',
      });
      expect(attempt.status).toBe(403);
      expect(attempt.body.error.code).toBe('FORBIDDEN');
      const { token: ownerToken } = await teamLogin(vendor.slug, vendor.owner);
      expect((await vendorApi<Settings>(vendor.slug, ownerToken, 'GET', '/settings')).body.name).not.toBe('Hijacked');
    },
  );

  test('the slug cannot be changed and a bad colour is VALIDATION_FAILED', async () => {
    const vendor = await createVendorWithOwner();
    const { token } = await teamLogin(vendor.slug, vendor.owner);
    for (const body of [{ slug: 'taken-over' }, { theme: { primary: 'red', accent: '#fff', logoUrl: null } }, {}]) {
      const response = await vendorApi<{ error: { code: string } }>(vendor.slug, token, 'PATCH', '/settings', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  test("another vendor's owner token is refused (401) and changes nothing", async () => {
    const [mine, theirs] = await Promise.all([createVendorWithOwner('Mine Settings'), createVendorWithOwner('Theirs Settings')]);
    const { token } = await teamLogin(theirs.slug, theirs.owner);
    const attempt = await vendorApi(mine.slug, token, 'PATCH', '/settings', { name: 'Stolen' });
    expect(attempt.status).toBe(401);
    const { token: mineToken } = await teamLogin(mine.slug, mine.owner);
    expect((await vendorApi<Settings>(mine.slug, mineToken, 'GET', '/settings')).body.name).toBe('Mine Settings');
  });
});
