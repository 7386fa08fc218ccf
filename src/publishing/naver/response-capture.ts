// Holds on to the body of NAVER's RabbitWrite.naver answer. The editor navigates to the new post the moment
// that answer arrives, and Chromium then forgets the old page's responses, so `response.text()` often fails
// with "No resource with given identifier found". Pausing the answer at the response stage (CDP Fetch) lets
// us read the body before the page even sees it; the request itself stays the browser's own.
import type { CDPSession, Page } from 'playwright';

export interface CapturedBody {
  /** Resolves with the first matching response body; rejects if it could not be read. */
  body: Promise<string>;
  dispose(): Promise<void>;
}

interface RequestPaused {
  requestId: string;
  request: { url: string; method: string };
}

export async function captureResponseBody(page: Page, urlGlob: string, matches: (url: string, method: string) => boolean): Promise<CapturedBody> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let resolve: (b: string) => void = () => {};
  let reject: (e: Error) => void = () => {};
  const body = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  body.catch(() => {});
  cdp.on('Fetch.requestPaused', (event: RequestPaused) => {
    void (async () => {
      try {
        if (matches(event.request.url, event.request.method)) {
          const r = await cdp.send('Fetch.getResponseBody', { requestId: event.requestId });
          resolve(r.base64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body);
        }
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      } finally {
        // Whatever happened, the page gets its answer unchanged.
        await cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => {});
      }
    })();
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: urlGlob, requestStage: 'Response' }] });
  return {
    body,
    async dispose() {
      await cdp.send('Fetch.disable').catch(() => {});
      await cdp.detach().catch(() => {});
    },
  };
}
