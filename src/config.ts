// The whole configuration: one zod schema over the environment. Missing or malformed values stop the
// process with one line each that names the setting and says how to fix it, all of them at once.
import { z } from 'zod';
import { parseDelays } from './checks/durations.ts';
import { isClusterUrl, parseClusterUrl } from './redis.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const url = (fallback?: string) => (fallback ? z.url().default(fallback) : z.url());

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z
  .object({
    ROLE: z.enum(['all', 'bot', 'worker']).default('all'),
    NODE_ENV: z.string().default('production'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgresql://'),
    /** One Redis (redis://, rediss://) or a Redis Cluster's seed nodes (redis+cluster://host1:6379,host2:6379). */
    REDIS_URL: z
      .string()
      .regex(/^rediss?(\+cluster)?:\/\//, 'must start with redis:// (or redis+cluster:// for a Redis Cluster)')
      .refine((v) => !isClusterUrl(v) || parseClusterUrl(v) !== null, 'must list the cluster nodes as host:port,host:port')
      .default('redis://127.0.0.1:6379'),
    /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
    QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, _ and - only').default('bap'),

    DISCORD_TOKEN: z.string().min(1).optional(),
    DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'must be the numeric application id').optional(),
    DISCORD_GUILD_ID: z.string().regex(/^\d+$/, 'must be a numeric guild id').optional(),
    DISCORD_API_URL: url('https://discord.com/api'),
    /** An origin attachments may also be fetched from, besides Discord's CDN hosts (tests, proxies). */
    DISCORD_CDN_URL: z.url().transform((v) => new URL(v).origin).optional(),

    GEMINI_API_KEY: z.string().min(1).optional(),
    GEMINI_MODEL: z.string().min(1).default('gemini-3.5-flash'),
    /** The model that generates pictures (generateContent with IMAGE output), e.g. gemini-2.5-flash-image. */
    GEMINI_IMAGE_MODEL: z.string().min(1).default('gemini-2.5-flash-image'),
    GEMINI_BASE_URL: url('https://generativelanguage.googleapis.com'),
    GEMINI_API_VERSION: z.string().default('v1beta'),

    NAVER_BLOG_URL: url('https://blog.naver.com'),
    NAVER_LOGIN_URL: url('https://nid.naver.com'),
    CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
    PUBLISH_MAX_BROWSERS: z.coerce.number().int().min(1).max(16).default(2),
    /** 32 bytes, base64: encrypts stored NAVER credentials and browser sessions. */
    CREDENTIALS_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)'),
    SCREENSHOT_DIR: z.string().default('data/screenshots'),

    /** The ops server's bind address; a container sets 0.0.0.0 (compose publishes the port on 127.0.0.1 only). */
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ADMIN_USER: z.string().min(1).optional(),
    ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),

    DEFAULT_TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Seoul').default('Asia/Seoul'),

    GENERATE_TIMEOUT_MS: ms(60_000),
    PUBLISH_TIMEOUT_MS: ms(300_000),
    LOGIN_RELAY_TIMEOUT_MS: ms(600_000),
    SHUTDOWN_TIMEOUT_MS: ms(30_000),
    /** Close an account's workers after this long with no waiting work. */
    WORKER_IDLE_MS: ms(10 * 60_000),
    /** Account workers one replica keeps open at once (each holds a Redis connection); more take turns. */
    MAX_OPEN_WORKERS: z.coerce.number().int().min(1, 'must be a whole number of at least 1').max(10_000, 'must be at most 10000').default(50),
    JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    JOB_BACKOFF_MS: ms(30_000),
    /** A missed cron tick younger than this fires once at start; older ones are skipped. */
    SCHEDULE_GRACE_MS: ms(60 * 60_000),
    /** Recurring rules that fire more often than this are refused (each fire writes a post). */
    SCHEDULE_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(10 * 60_000),
    /** Drafts one member may request in one channel per hour (/schedule post and Regenerate); 0 turns it off. */
    DRAFT_REQUESTS_PER_MEMBER_HOUR: z.coerce.number().int().min(0).max(10_000).default(10),
    AUTO_MIGRATE: bool.default(true),

    /** NAVER Search API keys (developers.naver.com); the search check after publishing is off without them. */
    NAVER_SEARCH_CLIENT_ID: z.string().min(1).optional(),
    NAVER_SEARCH_CLIENT_SECRET: z.string().min(1).optional(),
    NAVER_SEARCH_API_URL: url('https://openapi.naver.com'),
    /** Calls a day the search check may make (NAVER's documented limit for the search API is 25,000). */
    NAVER_SEARCH_DAILY_QUOTA: z.coerce.number().int().min(1).max(10_000_000).default(25_000),
    /** When the search checks run after publishing; the last one decides whether the post is missing. */
    SEARCH_CHECK_DELAYS: z
      .string()
      .default('1h,6h,24h')
      .transform((v, ctx) => {
        const delays = parseDelays(v);
        if (typeof delays === 'string') {
          ctx.addIssue({ code: 'custom', message: delays });
          return z.NEVER;
        }
        return delays;
      }),
    /** Local hour (DEFAULT_TIMEZONE) of the daily NAVER editor check; unset: no daily check. */
    EDITOR_CHECK_HOUR: z.coerce.number().int().min(0, 'must be a whole hour from 0 to 23').max(23, 'must be a whole hour from 0 to 23').optional(),
    /** A draft more similar than this (0–1) to one of the account's posts is written again once, then flagged. */
    ORIGINALITY_MAX_SIMILARITY: z.coerce.number().gt(0).max(1).default(0.5),
    /** A keyword whose words make up more than this share (0–1) of a post's words is flagged as stuffing. */
    KEYWORD_MAX_SHARE: z.coerce.number().gt(0).max(1).default(0.04),
  })
  .superRefine(
    (c, ctx) => {
      // Also runs when single settings are already wrong, so a first start names every problem at once; a
      // malformed ROLE is reported on its own, and then no role's requirements are assumed.
      if (!['all', 'bot', 'worker'].includes(c.ROLE)) return;
      if (c.ROLE !== 'worker') {
        if (!c.DISCORD_TOKEN) ctx.addIssue({ code: 'custom', path: ['DISCORD_TOKEN'], message: 'is required for ROLE=all or bot' });
        if (!c.DISCORD_APPLICATION_ID)
          ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required for ROLE=all or bot' });
      }
      if (c.ROLE !== 'bot' && !c.GEMINI_API_KEY)
        ctx.addIssue({ code: 'custom', path: ['GEMINI_API_KEY'], message: 'is required for ROLE=all or worker' });
      if (Boolean(c.NAVER_SEARCH_CLIENT_ID) !== Boolean(c.NAVER_SEARCH_CLIENT_SECRET))
        ctx.addIssue({
          code: 'custom',
          path: [c.NAVER_SEARCH_CLIENT_ID ? 'NAVER_SEARCH_CLIENT_SECRET' : 'NAVER_SEARCH_CLIENT_ID'],
          message: 'must be set together with the other (or neither)',
        });
      if (Boolean(c.ADMIN_USER) !== Boolean(c.ADMIN_PASSWORD))
        ctx.addIssue({ code: 'custom', path: [c.ADMIN_USER ? 'ADMIN_PASSWORD' : 'ADMIN_USER'], message: 'must be set together with the other (or neither)' });
    },
    { when: () => true },
  );

export type Config = z.infer<typeof configSchema>;

const hints: Record<string, string> = {
  DATABASE_URL: 'e.g. postgresql://postgres@127.0.0.1:5432/blog_autopilot',
  REDIS_URL: 'e.g. redis://127.0.0.1:6379, or redis+cluster://10.0.0.1:6379,10.0.0.2:6379 for a Redis Cluster',
  CREDENTIALS_KEY: 'generate one with: openssl rand -base64 32',
  DISCORD_TOKEN: 'copy the bot token from the Discord developer portal (Bot → Reset Token)',
  DISCORD_APPLICATION_ID: 'copy the Application ID from the Discord developer portal (General Information)',
  GEMINI_API_KEY: 'create a key at Google AI Studio',
  NAVER_SEARCH_CLIENT_ID: 'register an application with the Search API at developers.naver.com',
  NAVER_SEARCH_CLIENT_SECRET: 'copy it from the same application at developers.naver.com',
  SEARCH_CHECK_DELAYS: 'e.g. 1h,6h,24h',
  MAX_OPEN_WORKERS: 'e.g. 50 (each open worker holds one Redis connection; queues beyond it take turns)',
};

/** Every problem found, one line each (`problems`); the message is those lines. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** Parses the environment; throws ConfigError naming every missing or malformed setting, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? 'environment');
    if (lines.has(name)) continue; // the first problem of a setting is enough to fix it
    const missing = issue.code === 'invalid_type' && cleaned[name] === undefined;
    const what = missing ? 'is missing' : issue.message.startsWith('is ') || issue.message.startsWith('must') ? issue.message : `is invalid (${issue.message})`;
    const hint = hints[name] ? `: ${hints[name]}` : '';
    lines.set(name, `Configuration error: ${name} ${what}${hint}.`);
  }
  throw new ConfigError([...lines.values()]);
}
