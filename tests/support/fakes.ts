// In-memory fakes for the three ports, for domain tests. The adapters have their own tests against fakes of
// the real services (Gemini, NAVER, Discord); here only the pipeline's behaviour is under test.
import type { Article } from '../../src/article.ts';
import type {
  ArticlePublisher,
  ArticleWriter,
  Notification,
  Notifier,
  PublishOptions,
  PublishRequest,
  PublishResult,
  WriteRequest,
  WrittenArticle,
} from '../../src/ports.ts';

export function sampleArticle(topic: string): Article {
  return {
    title: `${topic} 완벽 정리`,
    blocks: [
      { type: 'paragraph', text: `${topic}에 대해 알아보겠습니다.` },
      { type: 'heading', text: '핵심 내용' },
      { type: 'list', ordered: false, items: ['첫째', '둘째'] },
      { type: 'paragraph', text: '마무리하며 정리합니다.' },
    ],
    tags: ['블로그', '정보'],
  };
}

/** Waits for `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });
}

type Step = (req: WriteRequest, signal: AbortSignal) => Promise<WrittenArticle>;

/** Tracks how many calls run at once, per account and overall. */
export class ConcurrencyProbe {
  readonly running = new Map<string, number>();
  readonly maxPerKey = new Map<string, number>();
  maxOverall = 0;
  #overall = 0;
  async around<T>(key: string, work: () => Promise<T>): Promise<T> {
    const n = (this.running.get(key) ?? 0) + 1;
    this.running.set(key, n);
    this.maxPerKey.set(key, Math.max(this.maxPerKey.get(key) ?? 0, n));
    this.#overall++;
    this.maxOverall = Math.max(this.maxOverall, this.#overall);
    try {
      return await work();
    } finally {
      this.running.set(key, (this.running.get(key) ?? 1) - 1);
      this.#overall--;
    }
  }
}

export class FakeWriter implements ArticleWriter {
  readonly calls: WriteRequest[] = [];
  readonly probe = new ConcurrencyProbe();
  /** Per-call behaviours, used in order; afterwards the default. */
  readonly script: Step[] = [];
  delayMs = 0;

  write(req: WriteRequest, signal: AbortSignal): Promise<WrittenArticle> {
    this.calls.push(req);
    const step = this.script.shift();
    return this.probe.around(req.account.blogId, async () => {
      if (step) return step(req, signal);
      await sleep(this.delayMs, signal);
      return { article: sampleArticle(req.topic), model: 'fake-model', usage: { promptTokens: 10, outputTokens: 20, totalTokens: 30 } };
    });
  }

  /** The next call never answers (but does stop when aborted, like a well-behaved adapter). */
  hangNext(ignoreAbort = false): void {
    this.script.push((_req, signal) => (ignoreAbort ? new Promise(() => {}) : sleep(24 * 3600_000, signal).then(() => { throw new Error('unreachable'); })));
  }

  failNext(err: Error, times = 1): void {
    for (let i = 0; i < times; i++) this.script.push(async () => { throw err; });
  }
}

type PublishStep = (req: PublishRequest, opts: PublishOptions) => Promise<PublishResult>;

export class FakePublisher implements ArticlePublisher {
  /** Posts that exist on the "blog", by draft id. */
  readonly posts = new Map<string, PublishResult & { article: Article; blogId: string }>();
  readonly attempts: PublishRequest[] = [];
  readonly probe = new ConcurrencyProbe();
  readonly script: PublishStep[] = [];
  delayMs = 0;
  blogReadable = true;
  #logNo = 1000;

  publish(req: PublishRequest, opts: PublishOptions): Promise<PublishResult> {
    this.attempts.push(req);
    const step = this.script.shift();
    return this.probe.around(req.accountId, async () => {
      if (step) return step(req, opts);
      await sleep(this.delayMs, opts.signal);
      await opts.beforeSubmit();
      return this.store(req);
    });
  }

  store(req: PublishRequest): PublishResult {
    const logNo = String(++this.#logNo);
    const result = { logNo, url: `https://blog.naver.com/${req.blogId}/${logNo}` };
    this.posts.set(req.draftId, { ...result, article: req.article, blogId: req.blogId });
    return result;
  }

  async findPublished(req: PublishRequest): Promise<PublishResult | null> {
    if (!this.blogReadable) throw new Error('blog unreachable');
    const post = this.posts.get(req.draftId);
    return post ? { logNo: post.logNo, url: post.url } : null;
  }

  /** The next publish presses the final button, the post is created, then the process "crashes". */
  crashAfterSubmitNext(storePost = true): void {
    this.script.push(async (req, opts) => {
      await opts.beforeSubmit();
      if (storePost) this.store(req);
      throw new Error('browser crashed after the publish click');
    });
  }

  failNext(err: Error, times = 1): void {
    for (let i = 0; i < times; i++) this.script.push(async () => { throw err; });
  }

  hangNext(): void {
    this.script.push((_req, opts) => sleep(24 * 3600_000, opts.signal).then(() => { throw new Error('unreachable'); }));
  }

  async close(): Promise<void> {}
}

export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];
  async notify(n: Notification): Promise<void> {
    this.sent.push(n);
  }
  of<K extends Notification['kind']>(kind: K): Extract<Notification, { kind: K }>[] {
    return this.sent.filter((n): n is Extract<Notification, { kind: K }> => n.kind === kind);
  }
  draftActions(draftId: string): string[] {
    return this.of('draft').filter((n) => n.draft.draftId === draftId).map((n) => n.draft.action);
  }
}
