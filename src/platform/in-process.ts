/**
 * Requests a page sends to the API in-process (`Astro.locals.api`). They are part of the page
 * request that made them, which has already been counted against the vendor's rate limit, so the
 * API doesn't count them again. Only this module can mark a request: nothing a client sends can.
 */
const inProcess = new WeakSet<Request>();

export function markInProcess(request: Request): Request {
  inProcess.add(request);
  return request;
}

export function isInProcess(request: Request): boolean {
  return inProcess.has(request);
}
