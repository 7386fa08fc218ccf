// One Chromium per process, launched on first use and again after it dies; one BrowserContext per job, at
// most `maxContexts` at once across all accounts. An abort closes the job's context at once, which makes
// whatever Playwright call is pending fail, and the job's promise rejects without waiting for it.
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright';
import { RetryableError } from '../../errors.ts';
import type { Logger } from '../../logging.ts';
import { CHROMIUM_ARGS } from './chromium-args.ts';

export interface BrowserPoolOptions {
  chromiumPath: string;
  maxContexts: number;
  headless?: boolean;
  logger: Logger;
}

const CLOSE_GRACE_MS = 5_000;

/** A job's hold on its place among the `maxContexts`. */
export interface ContextSlot {
  /**
   * Runs `wait` with the place given back, then takes one again: a context waiting for a person (the login
   * relay, up to minutes) must not keep other accounts' publishes from a browser. The context stays open.
   */
  lend<T>(wait: () => Promise<T>): Promise<T>;
}

export class BrowserPool {
  #browser: Promise<Browser> | null = null;
  #inUse = 0;
  readonly #waiters: Array<() => void> = [];
  #closed = false;

  private readonly options: BrowserPoolOptions;

  constructor(options: BrowserPoolOptions) {
    this.options = options;
  }

  contextsInUse(): number {
    return this.#inUse;
  }

  /**
   * Runs `work` in a fresh context, closed afterwards whatever happens. When `signal` aborts, the context is
   * closed and the returned promise rejects with `onAbort()` straight away.
   */
  async withContext<T>(
    signal: AbortSignal,
    contextOptions: BrowserContextOptions,
    onAbort: () => Error,
    work: (context: BrowserContext, slot: ContextSlot) => Promise<T>,
  ): Promise<T> {
    let release = await this.#acquire(signal, onAbort);
    const slot: ContextSlot = {
      lend: async (wait) => {
        release();
        try {
          return await wait();
        } finally {
          release = await this.#acquire(signal, onAbort);
        }
      },
    };
    let context: BrowserContext | undefined;
    const closeContext = () => (context ? closeQuietly(context) : Promise.resolve());
    const aborted = abortPromise(signal, onAbort);
    const stopOnAbort = () => void closeContext();
    signal.addEventListener('abort', stopOnAbort, { once: true });
    try {
      const job = (async () => {
        const browser = await this.#browserInstance();
        context = await browser.newContext({ ...(await this.#defaults(browser)), ...contextOptions });
        if (signal.aborted) await closeContext();
        return work(context, slot);
      })();
      // The job keeps running into errors after an abort; nobody awaits it then.
      job.catch(() => {});
      return await Promise.race([job, aborted.promise]);
    } finally {
      aborted.dispose();
      signal.removeEventListener('abort', stopOnAbort);
      // The slot is held until the context is really gone; after an abort the caller does not wait for that.
      const closed = closeContext().finally(() => release());
      if (!signal.aborted) await closed;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const b = this.#browser;
    this.#browser = null;
    if (b) await b.then((x) => x.close()).catch(() => {});
  }

  async #acquire(signal: AbortSignal, onAbort: () => Error): Promise<() => void> {
    if (signal.aborted) throw onAbort();
    while (this.#inUse >= this.options.maxContexts) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          const i = this.#waiters.indexOf(wake);
          if (i >= 0) this.#waiters.splice(i, 1);
          reject(onAbort());
        };
        this.#waiters.push(wake);
        signal.addEventListener('abort', abort, { once: true });
      });
    }
    this.#inUse++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse--;
      this.#waiters.shift()?.();
    };
  }

  async #browserInstance(): Promise<Browser> {
    if (this.#closed) throw new RetryableError('The publisher is shutting down.', 'shutdown');
    const current = this.#browser;
    if (current) {
      const b = await current.catch(() => null);
      if (b?.isConnected()) return b;
      if (this.#browser === current) this.#browser = null;
    }
    if (!this.#browser) this.#browser = this.#launch();
    return this.#browser;
  }

  #launch(): Promise<Browser> {
    // Playwright is loaded on the first launch: a replica that never publishes does not carry it (~75 MB).
    const started = import('playwright')
      .then(({ chromium }) => chromium.launch({
        executablePath: this.options.chromiumPath,
        headless: this.options.headless ?? true,
        args: CHROMIUM_ARGS,
      }))
      .then((browser) => {
        this.options.logger.info({ version: browser.version() }, 'chromium launched');
        browser.on('disconnected', () => {
          if (!this.#closed) this.options.logger.warn({}, 'chromium disconnected; the next publish launches a new one');
          if (this.#browser === started) this.#browser = null;
        });
        return browser;
      })
      .catch((err: unknown) => {
        if (this.#browser === started) this.#browser = null;
        throw new RetryableError(`Chromium could not be started from ${this.options.chromiumPath}.`, 'browser_launch', undefined, {
          cause: err,
        });
      });
    return started;
  }

  // A desktop Chrome identity: the headless user agent says "HeadlessChrome", which NAVER can see.
  async #defaults(browser: Browser): Promise<BrowserContextOptions> {
    return {
      locale: 'ko-KR',
      timezoneId: 'Asia/Seoul',
      viewport: { width: 1280, height: 900 },
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`,
    };
  }
}

async function closeQuietly(context: BrowserContext): Promise<void> {
  await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref())]);
}

function abortPromise(signal: AbortSignal, onAbort: () => Error): { promise: Promise<never>; dispose: () => void } {
  let listener = () => {};
  const promise = new Promise<never>((_, reject) => {
    listener = () => reject(onAbort());
    if (signal.aborted) listener();
    else signal.addEventListener('abort', listener, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener('abort', listener) };
}
