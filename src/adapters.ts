// The real adapters at the three ports, chosen by role: Gemini writes where workers run, Playwright
// publishes there, and the channel is Discord where a token is set (over REST on a worker replica).
import type { Config } from './config.ts';
import type { Logger } from './logging.ts';
import type { CoreAdapters } from './app.ts';
import type { ArticleWriter, Notifier } from './ports.ts';
import type { AccountQueuesOptions } from './queues/account-queues.ts';
import { PermanentError } from './errors.ts';
import { createGeminiWriter } from './generation/gemini/gemini-writer.ts';
import { createGeminiImageGenerator } from './generation/gemini/image-generator.ts';
import type { ImageGenerator } from './image-shapes.ts';

/** Replacements for the real adapters: tests run the same composition with fakes at the edges. */
export interface ServiceOverrides {
  writer?: ArticleWriter;
  images?: ImageGenerator;
  publisher?: CoreAdapters['publisher'];
  worker?: AccountQueuesOptions['worker'];
  sweepMs?: number;
}

/** Notifications from a replica without Discord: nothing to show them with, so they are logged. */
export function loggingNotifier(logger: Logger): Notifier {
  return { notify: async (n) => logger.info({ notification: n.kind }, 'notification (no Discord gateway in this role)') };
}

/** A bot-only replica never writes; a job that reaches it by mistake fails clearly. */
const noWriter: ArticleWriter = {
  write: async () => {
    throw new PermanentError('This replica runs ROLE=bot and cannot write drafts.', 'wrong_role');
  },
};

export async function realAdapters(
  config: Config,
  logger: Logger,
  notifier: Notifier,
  overrides: ServiceOverrides,
  hooks: { onSelectorFallback?: (list: string, selector: string) => void } = {},
): Promise<CoreAdapters> {
  const runWorkers = config.ROLE !== 'bot';
  const writer =
    overrides.writer ??
    (runWorkers
      ? createGeminiWriter({
          apiKey: config.GEMINI_API_KEY!,
          model: config.GEMINI_MODEL,
          baseUrl: config.GEMINI_BASE_URL,
          apiVersion: config.GEMINI_API_VERSION,
          timeoutMs: config.GENERATE_TIMEOUT_MS,
        })
      : noWriter);
  const images =
    overrides.images ??
    (runWorkers
      ? createGeminiImageGenerator({ apiKey: config.GEMINI_API_KEY!, model: config.GEMINI_IMAGE_MODEL, baseUrl: config.GEMINI_BASE_URL, apiVersion: config.GEMINI_API_VERSION })
      : undefined);
  if (overrides.publisher) return { writer, images, publisher: overrides.publisher, notifier };
  // Playwright is loaded only when the real publisher is wanted (its browser starts on first use).
  const { createNaverPublisher } = await import('./publishing/naver/naver-publisher.ts');
  return {
    writer,
    images,
    notifier,
    publisher: (sessions) =>
      createNaverPublisher({
        sessions,
        chromiumPath: config.CHROMIUM_PATH,
        blogUrl: config.NAVER_BLOG_URL,
        loginUrl: config.NAVER_LOGIN_URL,
        maxContexts: config.PUBLISH_MAX_BROWSERS,
        screenshotDir: config.SCREENSHOT_DIR,
        logger: logger.child({ component: 'publisher' }),
        onSelectorFallback: hooks.onSelectorFallback,
      }),
  };
}
