/** Who a page is for: admin-host pages are admins', `/dashboard*` the team's, other shop pages shoppers'. */
export type PageAudience = 'admin' | 'team' | 'customer';

/** Each audience's sign-in page (shared by the entry's guard and site/lib/guard.ts). */
export const LOGIN_PATHS: Readonly<Record<PageAudience, string>> = {
  admin: '/login',
  team: '/dashboard/login',
  customer: '/account/login',
};

/** Where each audience lands after signing in. */
export const HOME_PATHS: Readonly<Record<PageAudience, string>> = { admin: '/', team: '/dashboard', customer: '/account' };
