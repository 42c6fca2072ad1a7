import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { API_KEY_SCOPES, permissionTable, ROLE_PERMISSIONS } from '../../src/modules/access/permissions';

describe('the permission matrix', () => {
  test('docs/access.md shows the matrix the code enforces', async () => {
    const doc = await readFile(new URL('../../docs/access.md', import.meta.url), 'utf8');
    expect(doc).toContain(permissionTable());
  });

  test('viewers only read, editors write only catalog and imports, owners do everything', () => {
    expect(ROLE_PERMISSIONS.viewer.every((p) => p.endsWith(':read'))).toBe(true);
    expect(ROLE_PERMISSIONS.editor.filter((p) => p.endsWith(':write')).sort()).toEqual(['catalog:write', 'imports:write']);
    expect(ROLE_PERMISSIONS.manager).not.toContain('team:write');
    expect(ROLE_PERMISSIONS.manager).not.toContain('settings:write');
    expect(ROLE_PERMISSIONS.manager).not.toContain('api-keys:write');
    expect(ROLE_PERMISSIONS.owner).toEqual(
      expect.arrayContaining([...ROLE_PERMISSIONS.manager, 'team:write', 'settings:write', 'api-keys:write']),
    );
  });

  test('API keys can carry the scopes scripts need, and never team or key management', () => {
    expect(API_KEY_SCOPES).toEqual(expect.arrayContaining(['catalog:read', 'catalog:write', 'imports:write', 'orders:read']));
    expect(API_KEY_SCOPES).not.toContain('team:write');
    expect(API_KEY_SCOPES).not.toContain('api-keys:write');
  });
});
