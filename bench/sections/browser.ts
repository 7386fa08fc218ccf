// browser: publishes through the real publisher (Playwright, Debian's Chromium) into the fake NAVER, over a few
// accounts, with PUBLISH_MAX_BROWSERS=2 and the publisher's production timings: the median publish with a warm
// browser, the peak resident memory of every Chromium process, and the most Chromium browser processes (not
// their renderers and helpers) alive at once.
import { publishOptions, sampleArticle, startHarness, type TestAccount } from '../../tests/publishing/harness.ts';
import { sampleChromium } from '../support/chromium-sampler.ts';
import { mb, round } from '../support/procs.ts';

/** A title as long as NAVER posts have them (about 40 characters). */
const longTitle = (i: number) => `서울 성수동 카페 투어: 라떼가 맛있는 작은 카페 다섯 곳과 주차 정보 총정리 ${i}`;
const request = (h: Awaited<ReturnType<typeof startHarness>>, account: TestAccount, i: number) => h.request(account, { article: sampleArticle(longTitle(i)) });

export async function run(opts: { smoke: boolean }): Promise<Record<string, number>> {
  const publishes = opts.smoke ? 2 : Number(process.env.BENCH_BROWSER_PUBLISHES ?? 20);
  const accountCount = opts.smoke ? 1 : 5;
  // No saved draft in the editor (the usual case): the restore popup never comes.
  const h = await startHarness({ draftPopupDelayMs: -1 });
  // The production timings (the test harness shortens them), two contexts at once as PUBLISH_MAX_BROWSERS=2.
  const publisher = h.publisher({ maxContexts: 2, stepTimeoutMs: undefined, draftPopupWaitMs: undefined, confirmTimeoutMs: undefined });
  const sampler = sampleChromium(process.pid);
  try {
    const accounts: TestAccount[] = [];
    for (let i = 0; i < accountCount; i++) accounts.push(await h.account());
    // Warm-up: the browser is launched and one account logs in; not counted.
    await publisher.publish(request(h, accounts[0]!, 0), publishOptions(AbortSignal.timeout(120_000)));
    const times: number[] = [];
    let next = 0;
    // Two publishes at a time, as two workers would hand them over.
    await Promise.all(
      [0, 1].map(async () => {
        while (next < publishes) {
          const i = next++;
          const t0 = performance.now();
          await publisher.publish(request(h, accounts[i % accounts.length]!, i + 1), publishOptions(AbortSignal.timeout(120_000)));
          times.push(performance.now() - t0);
        }
      }),
    );
    if (h.fake.posts.length !== publishes + 1) throw new Error(`browser: ${h.fake.posts.length} posts on the fake NAVER, ${publishes + 1} expected`);
    times.sort((a, b) => a - b);
    const median = times.length % 2 ? times[(times.length - 1) / 2]! : (times[times.length / 2 - 1]! + times[times.length / 2]!) / 2;
    const peaks = await sampler.stop();
    return { publishes, median_ms: round(median, 0), chromium_peak_rss_mb: mb(peaks.pssBytes), browser_processes_max: peaks.browsers };
  } finally {
    await sampler.stop().catch(() => undefined);
    await h.close();
  }
}
