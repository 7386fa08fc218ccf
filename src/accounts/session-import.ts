// `/account session`: a Playwright storageState, or the cookie list a browser extension exports
// (EditThisCookie / Cookie-Editor style: expirationDate, sameSite "no_restriction", hostOnly ...).
// Checked here, at import, against what Playwright will accept: a file that passes is one every publish can
// load; one that does not is refused with the first problem found, and nothing is stored.
import { z } from 'zod';
import { PermanentError } from '../errors.ts';

export interface StorageState {
  cookies: Array<{ name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: 'Strict' | 'Lax' | 'None' }>;
  origins: Array<{ origin: string; localStorage: Array<{ name: string; value: string }> }>;
}

/** A NAVER login needs a few dozen cookies; a browser keeps at most 180 per domain. */
export const SESSION_MAX_COOKIES = 300;
export const SESSION_MAX_ORIGINS = 20;
export const SESSION_MAX_STORAGE_ITEMS = 200;
/** The last second a cookie may expire at (9999-12-31T23:59:59Z); later is not a time in seconds. */
const MAX_EXPIRES = 253_402_300_799;

/** What is wrong with a session file: `n` counts from 1 in the file's order. Sentences are in the locales. */
export type SessionProblem =
  | { code: 'notSession' }
  | { code: 'noCookies' }
  | { code: 'tooManyCookies'; count: number; max: number }
  | { code: 'cookieNotObject'; n: number }
  | { code: 'cookieName'; n: number }
  | { code: 'cookieValue'; n: number; name: string }
  | { code: 'cookieDomain'; n: number; name: string; domain: string }
  | { code: 'cookiePath'; n: number; name: string; path: string }
  | { code: 'cookieExpires'; n: number; name: string }
  | { code: 'cookieExpired'; n: number; name: string; expires: number }
  | { code: 'cookieSameSite'; n: number; name: string; sameSite: string }
  | { code: 'cookieFlag'; n: number; name: string; field: string }
  | { code: 'originsNotList' }
  | { code: 'tooManyOrigins'; count: number; max: number }
  | { code: 'originMalformed'; n: number }
  | { code: 'originUrl'; n: number; origin: string }
  | { code: 'tooManyStorageItems'; n: number; origin: string; max: number };

/** The session file cannot be used; `problem` says where and why (rendered in the user's language). */
export class SessionFileError extends PermanentError {
  constructor(readonly problem: SessionProblem) {
    super(`The browser session file was refused: ${JSON.stringify(problem)}.`, 'invalid_session');
  }
}

// Chrome refuses control characters and `;` in a cookie, and `=` in its name (a CDP error on every publish).
const controlChar = (s: string, allowTab: boolean) => [...s].some((ch) => {
  const code = ch.charCodeAt(0);
  return (code < 0x20 && !(allowTab && code === 0x09)) || code === 0x7f;
});
const cookieNameOk = (s: string) => !controlChar(s, false) && !/[;=]/.test(s);
const cookieValueOk = (s: string) => !controlChar(s, true) && !s.includes(';');

const cookieSchema = z.object({
  name: z.string().min(1).max(256).refine(cookieNameOk),
  value: z.string().max(4096).refine(cookieValueOk),
  domain: z.string().min(1).max(255),
  path: z.string().max(1024).startsWith('/').default('/'),
  /** Playwright: seconds since the epoch, -1 for a session cookie. */
  expires: z.number().optional(),
  /** Extensions: seconds (with a fraction); absent for a session cookie. */
  expirationDate: z.number().optional(),
  httpOnly: z.boolean().default(false),
  secure: z.boolean().default(false),
  hostOnly: z.boolean().optional(),
  session: z.boolean().optional(),
  sameSite: z.string().nullable().optional(),
});

const originSchema = z.object({
  origin: z.string().max(2048),
  localStorage: z.array(z.object({ name: z.string().max(1024), value: z.string().max(65_536) })).max(SESSION_MAX_STORAGE_ITEMS),
});

/** Extension spellings: no_restriction → None; unspecified / null → Lax (what Chrome applies). */
function sameSiteOf(v: string | null | undefined): StorageState['cookies'][number]['sameSite'] | null {
  const s = (v ?? 'unspecified').toLowerCase();
  if (s === 'strict') return 'Strict';
  if (s === 'none' || s === 'no_restriction') return 'None';
  if (s === 'lax' || s === 'unspecified') return 'Lax';
  return null;
}

const clipped = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
const nameOf = (raw: unknown) => clipped(String((raw as { name?: unknown } | null)?.name ?? ''));

function hostMatcher(hosts: readonly string[]) {
  return (host: string) => hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

function cookieOf(raw: unknown, n: number, isNaver: (host: string) => boolean, nowSeconds: number): StorageState['cookies'][number] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SessionFileError({ code: 'cookieNotObject', n });
  const name = nameOf(raw);
  const parsed = cookieSchema.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]!.path[0] ?? '');
    const given = (raw as Record<string, unknown>)[field];
    switch (field) {
      case 'name':
        throw new SessionFileError({ code: 'cookieName', n });
      case 'value':
        throw new SessionFileError({ code: 'cookieValue', n, name });
      case 'domain':
        throw new SessionFileError({ code: 'cookieDomain', n, name, domain: clipped(String(given ?? '')) });
      case 'path':
        throw new SessionFileError({ code: 'cookiePath', n, name, path: clipped(String(given)) });
      case 'sameSite':
        throw new SessionFileError({ code: 'cookieSameSite', n, name, sameSite: clipped(String(given)) });
      case 'expires':
      case 'expirationDate':
        throw new SessionFileError({ code: 'cookieExpires', n, name });
      default:
        throw new SessionFileError({ code: 'cookieFlag', n, name, field });
    }
  }
  const c = parsed.data;
  if (!isNaver(c.domain.replace(/^\./, '').toLowerCase())) throw new SessionFileError({ code: 'cookieDomain', n, name, domain: clipped(c.domain) });
  const expires = c.expires ?? c.expirationDate ?? -1;
  if (expires !== -1) {
    if (expires <= 0 || expires > MAX_EXPIRES) throw new SessionFileError({ code: 'cookieExpires', n, name });
    if (expires <= nowSeconds) throw new SessionFileError({ code: 'cookieExpired', n, name, expires });
  }
  const sameSite = sameSiteOf(c.sameSite);
  if (!sameSite) throw new SessionFileError({ code: 'cookieSameSite', n, name, sameSite: clipped(String(c.sameSite)) });
  // An extension marks a cookie for every subdomain with hostOnly: false; Playwright wants the leading dot.
  const domain = c.hostOnly === false && !c.domain.startsWith('.') ? `.${c.domain}` : c.domain;
  return { name: c.name, value: c.value, domain, path: c.path, expires, httpOnly: c.httpOnly, secure: c.secure, sameSite };
}

function originOf(raw: unknown, n: number, isNaver: (host: string) => boolean): StorageState['origins'][number] {
  const parsed = originSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const origin = clipped(String((raw as { origin?: unknown } | null)?.origin ?? ''));
    if (issue.path.length === 1 && issue.path[0] === 'localStorage' && issue.code === 'too_big') {
      throw new SessionFileError({ code: 'tooManyStorageItems', n, origin, max: SESSION_MAX_STORAGE_ITEMS });
    }
    if (issue.path[0] === 'origin') throw new SessionFileError({ code: 'originUrl', n, origin });
    throw new SessionFileError({ code: 'originMalformed', n });
  }
  const { origin, localStorage } = parsed.data;
  let url: URL | null = null;
  try {
    url = new URL(origin);
  } catch {
    url = null;
  }
  // An origin is scheme://host[:port] and nothing more, as Playwright writes it.
  const isOrigin = url && (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin.replace(/\/$/, '');
  if (!url || !isOrigin || !isNaver(url.hostname.toLowerCase())) throw new SessionFileError({ code: 'originUrl', n, origin: clipped(origin) });
  return { origin: url.origin, localStorage };
}

/**
 * `hosts`: the NAVER hosts a session's cookies and origins may belong to (naver.com, and the configured
 * NAVER hosts, e.g. a proxy's). Throws SessionFileError naming the first problem.
 */
export function normaliseSession(json: unknown, hosts: readonly string[] = ['naver.com'], now: Date = new Date()): StorageState {
  const file = json as { cookies?: unknown; origins?: unknown } | null;
  const list: unknown = Array.isArray(json) ? json : file?.cookies;
  if (!Array.isArray(list)) throw new SessionFileError({ code: 'notSession' });
  if (list.length === 0) throw new SessionFileError({ code: 'noCookies' });
  if (list.length > SESSION_MAX_COOKIES) throw new SessionFileError({ code: 'tooManyCookies', count: list.length, max: SESSION_MAX_COOKIES });
  const isNaver = hostMatcher(hosts.map((h) => h.toLowerCase()));
  const cookies = list.map((c: unknown, i) => cookieOf(c, i + 1, isNaver, now.getTime() / 1000));

  const rawOrigins: unknown = Array.isArray(json) ? [] : (file?.origins ?? []);
  if (!Array.isArray(rawOrigins)) throw new SessionFileError({ code: 'originsNotList' });
  if (rawOrigins.length > SESSION_MAX_ORIGINS) throw new SessionFileError({ code: 'tooManyOrigins', count: rawOrigins.length, max: SESSION_MAX_ORIGINS });
  const origins = rawOrigins.map((o: unknown, i) => originOf(o, i + 1, isNaver));
  return { cookies, origins };
}
