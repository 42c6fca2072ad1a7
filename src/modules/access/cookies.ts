import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../env';
import { ACCESS_COOKIE, REFRESH_COOKIE } from './principal';
import { REFRESH_TOKEN_SECONDS } from './sessions';

const base = { httpOnly: true, secure: true, path: '/' } as const;

/**
 * Pages authenticate with cookies bound to this host (no Domain attribute), so a session on one
 * shop never travels to another. Secure is fine on http://*.localhost: browsers treat it as secure.
 */
export function setSessionCookies(c: Context<AppEnv>, tokens: { token: string; refreshToken: string }): void {
  setCookie(c, ACCESS_COOKIE, tokens.token, { ...base, sameSite: 'Lax' });
  setCookie(c, REFRESH_COOKIE, tokens.refreshToken, { ...base, sameSite: 'Strict', maxAge: REFRESH_TOKEN_SECONDS });
}

export function clearSessionCookies(c: Context<AppEnv>): void {
  deleteCookie(c, ACCESS_COOKIE, base);
  deleteCookie(c, REFRESH_COOKIE, base);
}

/** The refresh token from the body (scripts) or the cookie (pages). */
export function presentedRefreshToken(c: Context<AppEnv>, body: { refreshToken?: string | undefined }): string | undefined {
  return body.refreshToken ?? getCookie(c, REFRESH_COOKIE);
}
