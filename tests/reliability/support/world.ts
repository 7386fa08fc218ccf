// One scenario's world: the fakes (Discord, Gemini, NAVER), a fresh database the service migrates itself,
// its own queue prefix, and the service's replicas as separate `npm start` processes. The test reads the
// database directly (plain SQL over `pg`) only to check the outcome, never to drive the service.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { FakeDiscord, type FakeUser } from '../../fakes/fake-discord/index.ts';
import { startFakeGemini, type FakeGemini } from '../../fakes/fake-gemini.ts';
import { chaosResponder, type ChaosOptions, type ChaosResponder } from '../../fakes/gemini-faults.ts';
import { startFakeNaver, type FakeNaver } from '../../fakes/fake-naver/server.ts';
import { ServiceProcess, type Role } from './service-process.ts';
import { deleteKeys } from '../../support/redis-keys.ts';

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const RUN_DIR = path.resolve(import.meta.dirname, '../../../tmp/reliability');

export interface WorldOptions {
  scenario: number;
  name: string;
  replicas: Array<{ name: string; role: Role }>;
  /** Service settings on top of the suite's defaults. */
  env?: Record<string, string>;
  redisUrl?: string;
  /** host:port the service reaches PostgreSQL at (a proxy), instead of the server itself. */
  postgresAt?: { host: string; port: number };
  gemini?: ChaosOptions;
}

export interface TestAccount {
  blogId: string;
  username: string;
  password: string;
  autoApprove: boolean;
}

/** Secrets the service is given or handles; none may appear anywhere it writes (scenario 7 greps for them). */
export interface Secrets {
  credentialsKey: string;
  discordToken: string;
  geminiKey: string;
  adminPassword: string;
  databasePassword: string;
}

export class World {
  readonly replicas = new Map<string, ServiceProcess>();
  readonly accounts: TestAccount[] = [];
  readonly admin: FakeUser;
  readonly dir: string;
  readonly prefix: string;
  readonly db: pg.Pool;
  readonly chaos: ChaosResponder;
  readonly started = Date.now();
  readonly options: WorldOptions;
  readonly discord: FakeDiscord;
  readonly gemini: FakeGemini;
  readonly naver: FakeNaver;
  readonly dbName: string;
  readonly secrets: Secrets;

  private constructor(options: WorldOptions, discord: FakeDiscord, gemini: FakeGemini, naver: FakeNaver, dbName: string, secrets: Secrets) {
    this.options = options;
    this.discord = discord;
    this.gemini = gemini;
    this.naver = naver;
    this.dbName = dbName;
    this.secrets = secrets;
    this.admin = discord.user({ admin: true, name: 'owner' });
    this.prefix = `bapr${options.scenario}_${randomBytes(3).toString('hex')}`;
    this.dir = path.join(RUN_DIR, `${options.scenario}-${options.name}`);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(path.join(this.dir, 'screenshots'), { recursive: true });
    this.db = new pg.Pool({ connectionString: this.databaseUrl(), max: 3 });
    this.db.on('error', () => undefined);
    this.chaos = chaosResponder(options.gemini ?? { failRate: 0 });
    gemini.fallback = this.chaos;
    for (const r of options.replicas) {
      this.replicas.set(r.name, new ServiceProcess(r.name, r.role, () => this.serviceEnv(), path.join(this.dir, `${r.name}.log`)));
    }
  }

  static async create(options: WorldOptions): Promise<World> {
    const [discord, gemini, naver] = await Promise.all([FakeDiscord.start({ token: `fake.${randomBytes(18).toString('base64url')}` }), startFakeGemini(), startFakeNaver({ draftPopupDelayMs: 100 })]);
    const dbName = `bap_rel_${options.scenario}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const secrets: Secrets = {
      credentialsKey: randomBytes(32).toString('base64'),
      discordToken: discord.token,
      geminiKey: `AIzaSy${randomBytes(16).toString('base64url')}`,
      adminPassword: `board-${randomBytes(9).toString('base64url')}`,
      databasePassword: `pg-${randomBytes(9).toString('base64url')}`,
    };
    return new World(options, discord, gemini, naver, dbName, secrets);
  }

  /** The test's own connection: straight to PostgreSQL. */
  databaseUrl(): string {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${this.dbName}`;
    return u.toString();
  }

  /** The service's connection: with a password (trust auth ignores it; it must never show up anywhere). */
  serviceDatabaseUrl(): string {
    const u = new URL(this.databaseUrl());
    u.password = this.secrets.databasePassword;
    if (this.options.postgresAt) {
      u.hostname = this.options.postgresAt.host;
      u.port = String(this.options.postgresAt.port);
    }
    return u.toString();
  }

  get redisUrl(): string {
    return this.options.redisUrl ?? SHARED_REDIS_URL;
  }

  serviceEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.serviceDatabaseUrl(),
      REDIS_URL: this.redisUrl,
      QUEUE_PREFIX: this.prefix,
      AUTO_MIGRATE: 'false',
      CREDENTIALS_KEY: this.secrets.credentialsKey,
      DISCORD_TOKEN: this.secrets.discordToken,
      DISCORD_APPLICATION_ID: this.discord.applicationId,
      DISCORD_GUILD_ID: this.discord.guildId,
      DISCORD_API_URL: this.discord.apiUrl,
      // Where attachments may be downloaded from besides Discord's CDN (SPEC §7): the fake serves them.
      DISCORD_CDN_URL: this.discord.baseUrl,
      GEMINI_API_KEY: this.secrets.geminiKey,
      GEMINI_BASE_URL: this.gemini.baseUrl,
      GEMINI_MODEL: 'gemini-test-flash',
      NAVER_BLOG_URL: this.naver.blogUrl,
      NAVER_LOGIN_URL: this.naver.loginUrl,
      CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      SCREENSHOT_DIR: path.join(this.dir, 'screenshots'),
      ADMIN_USER: 'operator',
      ADMIN_PASSWORD: this.secrets.adminPassword,
      LOG_LEVEL: 'info',
      JOB_ATTEMPTS: '5',
      JOB_BACKOFF_MS: '1000',
      GENERATE_TIMEOUT_MS: '10000',
      PUBLISH_TIMEOUT_MS: '45000',
      SHUTDOWN_TIMEOUT_MS: '5000',
      PUBLISH_MAX_BROWSERS: '2',
      // One member asks for the whole batch within minutes; the per-member hourly limit (tested on its own in
      // tests/discord/draft-requests.test.ts) would refuse the eleventh request. A scenario may set it again.
      DRAFT_REQUESTS_PER_MEMBER_HOUR: '0',
      ...this.options.env,
    };
  }

  replica(name: string): ServiceProcess {
    const r = this.replicas.get(name);
    if (!r) throw new Error(`no replica ${name}`);
    return r;
  }

  /** The first replica migrates the empty database; the others start once it is ready. */
  async start(): Promise<void> {
    const [first, ...rest] = [...this.replicas.values()];
    await first!.startAndWait({ AUTO_MIGRATE: 'true' });
    await Promise.all(rest.map((r) => r.startAndWait()));
  }

  /** Everything every replica ever printed. */
  allOutput(): string {
    return [...this.replicas.values()].map((r) => r.output).join('\n');
  }

  async query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(sql, params)).rows;
  }

  /** Every key of this world's queue prefix with its content, as text (job data, logs, errors). */
  async redisDump(): Promise<string> {
    const redis = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    const parts: string[] = [];
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          if (type === 'string') parts.push(key, (await redis.get(key)) ?? '');
          else if (type === 'hash') parts.push(key, JSON.stringify(await redis.hgetall(key)));
          else if (type === 'list') parts.push(key, JSON.stringify(await redis.lrange(key, 0, -1)));
          else if (type === 'set') parts.push(key, JSON.stringify(await redis.smembers(key)));
          else if (type === 'zset') parts.push(key, JSON.stringify(await redis.zrange(key, 0, -1)));
          else if (type === 'stream') parts.push(key, JSON.stringify(await redis.xrange(key, '-', '+')));
        }
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    return parts.join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.replicas.values()].map((r) => r.kill().catch(() => undefined)));
    writeFileSync(path.join(this.dir, 'naver-posts.json'), JSON.stringify(this.naver.posts, null, 1));
    await Promise.all([this.discord.stop(), this.gemini.close(), this.naver.close()]).catch(() => undefined);
    await this.db.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`);
    await admin.end();
    if (!this.options.redisUrl) await deleteKeys(this.prefix, SHARED_REDIS_URL);
  }
}
