// The NAVER Search API's blog search (GET {base}/v1/search/blog.json, X-Naver-Client-Id / -Secret headers)
// behind the BlogSearch port. A 429 is retried by the checks queue (with the wait NAVER asks for, if any);
// refused keys are permanent.
import { z } from 'zod';
import { PermanentError, RetryableError } from '../errors.ts';
import type { BlogSearch, BlogSearchHit } from '../ports.ts';

export interface NaverBlogSearchOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The most results one call returns (NAVER's `display` maximum). */
export const SEARCH_DISPLAY = 100;

const answerSchema = z.object({ items: z.array(z.object({ link: z.string() }).loose()) }).loose();
const errorSchema = z.object({ errorCode: z.string().optional(), errorMessage: z.string().optional() }).loose();

export function createNaverBlogSearch(o: NaverBlogSearchOptions): BlogSearch {
  const endpoint = `${o.baseUrl.replace(/\/+$/, '')}/v1/search/blog.json`;
  return {
    async search(query: string, signal: AbortSignal): Promise<BlogSearchHit[]> {
      const params = new URLSearchParams({ query, display: String(SEARCH_DISPLAY), start: '1', sort: 'sim' });
      let res: Response;
      try {
        res = await fetch(`${endpoint}?${params}`, {
          headers: { 'X-Naver-Client-Id': o.clientId, 'X-Naver-Client-Secret': o.clientSecret, accept: 'application/json' },
          signal,
        });
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        throw new RetryableError(`NAVER search could not be reached (${err instanceof Error ? err.message : String(err)}).`, 'search_unreachable');
      }
      if (!res.ok) throw await failure(res);
      const parsed = answerSchema.safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new RetryableError('NAVER search answered with something that is not a result list.', 'search_unavailable');
      return parsed.data.items.map((item, i) => ({ link: item.link, position: i + 1 }));
    },
  };
}

async function failure(res: Response): Promise<Error> {
  const body = errorSchema.safeParse(await res.json().catch(() => ({})));
  const said = body.success && (body.data.errorCode || body.data.errorMessage) ? ` (${[body.data.errorCode, body.data.errorMessage].filter(Boolean).join(': ')})` : '';
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after'));
    const wait = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) * 1000 : undefined;
    return new RetryableError(`NAVER search answered 429: too many requests${said}.`, 'search_rate_limited', wait);
  }
  if (res.status === 401 || res.status === 403) {
    return new PermanentError(`NAVER refused the search API keys: HTTP ${res.status}${said}; check NAVER_SEARCH_CLIENT_ID and NAVER_SEARCH_CLIENT_SECRET.`, 'search_auth');
  }
  if (res.status >= 500) return new RetryableError(`NAVER search answered HTTP ${res.status}${said}.`, 'search_unavailable');
  return new PermanentError(`NAVER search refused the request: HTTP ${res.status}${said}.`, 'search_bad_request');
}
