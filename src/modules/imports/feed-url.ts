/**
 * Feed URLs the import Worker may fetch: http(s) on the public internet. Loopback, private,
 * link-local and other internal addresses are refused (server-side request forgery), except
 * loopback where the local platform allows it (`LOCAL_WEBHOOK_HOSTS=on`, as for webhooks).
 * Redirects are followed by hand so each hop is checked the same way.
 */
export interface FeedUrlEnv {
  LOCAL_WEBHOOK_HOSTS?: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function isInternalIPv4(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function isInternalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (isInternalIPv4(host)) return true;
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1);
    // Loopback, unspecified, unique-local (fc00::/7), link-local (fe80::/10), IPv4-mapped.
    return v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('::ffff:');
  }
  // A bare number (http://2130706433/) is an IPv4 address in disguise.
  return /^(0x[0-9a-f]+|\d+)$/.test(host);
}

/** Why the URL may not be fetched, or undefined when it may. */
export function feedUrlProblem(env: FeedUrlEnv, raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the URL must use http or https';
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  if (env.LOCAL_WEBHOOK_HOSTS === 'on' && LOOPBACK_NAMES.includes(url.hostname)) return undefined;
  if (isInternalHost(url.hostname)) return 'the URL must be reachable on the public internet';
  return undefined;
}

/** The feed could not be fetched: the job fails with this message. */
export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
}

/** GETs the feed, following up to 5 redirects, each checked; answers the successful response. */
export async function fetchFeed(env: FeedUrlEnv, raw: string): Promise<Response> {
  let url = raw;
  for (let hop = 0; hop <= 5; hop++) {
    const problem = feedUrlProblem(env, url);
    if (problem) throw new FeedFetchError(`The feed URL ${url} cannot be fetched: ${problem}`);
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: 'manual',
        headers: { accept: 'text/csv, text/tab-separated-values, text/plain, */*' },
      });
    } catch (error) {
      throw new FeedFetchError(`The feed URL ${url} could not be reached (${String(error).slice(0, 200)})`);
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      url = new URL(response.headers.get('location') ?? '', url).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FeedFetchError(`The feed URL answered HTTP ${response.status}`);
    }
    return response;
  }
  throw new FeedFetchError('The feed URL redirects too many times');
}
