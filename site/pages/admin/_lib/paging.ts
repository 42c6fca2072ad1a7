/**
 * Keyset pages only know the way forward, so the cursors walked so far ride along in the URL
 * (`trail`, dot-separated; `~` is the first page): Previous goes back one page, not to the start.
 */
export function pageLinks(
  base: string,
  params: URLSearchParams,
  nextCursor: string | null | undefined,
): { prevHref: string | null; nextHref: string | null } {
  const cursor = params.get('cursor');
  const trail = (params.get('trail') ?? '').split('.').filter(Boolean);
  const link = (to: string | null, walked: string[]) => {
    const query = new URLSearchParams(params);
    query.delete('notice');
    if (to) query.set('cursor', to);
    else query.delete('cursor');
    if (walked.length > 0) query.set('trail', walked.join('.'));
    else query.delete('trail');
    const search = query.toString();
    return search ? `${base}?${search}` : base;
  };
  const back = trail.at(-1);
  return {
    prevHref: cursor ? link(back && back !== '~' ? back : null, trail.slice(0, -1)) : null,
    nextHref: nextCursor ? link(nextCursor, [...trail, cursor ?? '~']) : null,
  };
}

/** A date as admins read it, e.g. "25 Nov 2026". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
