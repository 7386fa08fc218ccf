// One world per test file: the real domain (PostgreSQL + Redis, fake writer/publisher), the real discord.js
// bot, and the fake Discord it talks to. Tests act as members clicking and typing in the fake.
import { Writable } from 'node:stream';
import pino from 'pino';
import { createDiscordBot, type DiscordBot } from '../../../src/discord/bot.ts';
import type { Notification, Notifier } from '../../../src/ports.ts';
import type { BlogAutopilotService } from '../../../src/service-api.ts';
import { startHarness, type Harness, type HarnessOptions } from '../../support/harness.ts';
import { buttons, FakeDiscord, messageText, type FakeInteraction, type FakeUser, type OptionValue, type StoredMessage } from '../../fakes/fake-discord/index.ts';
import { draftMessageStore } from '../../../src/discord/draft-messages.ts';

export interface World {
  fake: FakeDiscord;
  harness: Harness;
  bot: DiscordBot;
  /** Every log line the bot wrote (JSON). */
  logs: string[];
  /** Every notification the domain sent (also forwarded to the Discord notifier). */
  notifications: Notification[];
  admin: FakeUser;
  member: FakeUser;
  approver: FakeUser;
  adminKo: FakeUser;
  stop(): Promise<void>;
  /** Runs a slash command and waits for its answer. */
  run(user: FakeUser, command: string, sub: string | null, options?: Record<string, OptionValue | undefined>, opts?: { channelId?: string; locale?: string; guildId?: string }): Promise<FakeInteraction>;
  clickOn(user: FakeUser, message: StoredMessage, label: string): FakeInteraction;
  addAccount(blogId: string, channelId?: string, label?: string): Promise<string>;
  promptOf(draftId: string, channelId?: string): StoredMessage | undefined;
  /** No pacing: tests publish several posts of one account within seconds. */
  unpace(blogId: string): Promise<void>;
  draftIdsOf(channelId?: string): string[];
}

/** A Notifier that forwards to the bot's once it exists (the domain is built before the bot). */
class Relay implements Notifier {
  target: Notifier | null = null;
  readonly seen: Notification[] = [];
  async notify(n: Notification): Promise<void> {
    this.seen.push(n);
    await this.target?.notify(n);
  }
}

export interface WorldOptions extends HarnessOptions {
  /** Lets a test put something in front of the real service (e.g. schedules, which the harness lacks). */
  wrapService?: (service: BlogAutopilotService, harness: Harness) => BlogAutopilotService;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const fake = await FakeDiscord.start();
  const relay = new Relay();
  const harness = await startHarness({ ...options, notifier: relay });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const bot = createDiscordBot({
    token: fake.token,
    apiUrl: fake.apiUrl,
    cdnUrl: fake.baseUrl,
    applicationId: fake.applicationId,
    guildId: fake.guildId,
    messages: draftMessageStore(harness.db),
    logger,
    defaultTimezone: 'Asia/Seoul',
    searchCheckOn: Boolean(harness.config.NAVER_SEARCH_CLIENT_ID && harness.config.NAVER_SEARCH_CLIENT_SECRET),
    rest: { retries: 0, timeout: 5_000 },
    readyTimeoutMs: 10_000,
  });
  relay.target = bot.notifier;
  await bot.start(options.wrapService ? options.wrapService(harness.service, harness) : harness.service);

  const admin = fake.user({ admin: true, name: 'admin' });
  const world: World = {
    fake,
    harness,
    bot,
    logs,
    notifications: relay.seen,
    admin,
    member: fake.user({ name: 'member' }),
    approver: fake.user({ roles: [fake.roles.approver], name: 'approver' }),
    adminKo: fake.user({ admin: true, locale: 'ko', name: 'admin-ko' }),
    async stop() {
      await bot.stop().catch(() => undefined);
      await harness.stop();
      await fake.stop();
    },
    async run(user, command, sub, opts = {}, where = {}) {
      return fake.waitForAnswer(fake.slash(user, command, sub, opts, where));
    },
    clickOn(user, message, label) {
      const button = buttons(message).find((b) => b.label === label);
      if (!button?.customId) throw new Error(`no button "${label}" on message: ${messageText(message)}`);
      return fake.click(user, button.customId, { messageId: message.id });
    },
    async addAccount(blogId, channelId = fake.channels.main, label) {
      const i = await world.run(admin, 'account', 'add', { blog_id: blogId, label }, { channelId });
      const account = await harness.db.account.findUnique({ where: { guildId_blogId: { guildId: fake.guildId, blogId } } });
      if (!account) throw new Error(`account ${blogId} was not added: ${fake.answerText(i)}`);
      await world.unpace(blogId);
      return account.id;
    },
    async unpace(blogId) {
      await harness.db.account.updateMany({ where: { blogId }, data: { minIntervalMinutes: 0, dailyCap: 1000 } });
    },
    promptOf(draftId, channelId = fake.channels.main) {
      return fake.channelMessages(channelId).find((m) => m.embeds.some((e) => e.footer?.text?.includes(draftId)));
    },
    draftIdsOf(channelId = fake.channels.main) {
      return fake
        .channelMessages(channelId)
        .flatMap((m) => m.embeds.map((e) => /· (\S+)$/.exec(e.footer?.text ?? '')?.[1]))
        .filter((x): x is string => Boolean(x));
    },
  };
  return world;
}

/** The single draft a test just asked for (most recent). */
export async function latestDraft(world: World, blogId: string) {
  const drafts = await world.harness.db.draft.findMany({ where: { account: { blogId } }, orderBy: { createdAt: 'desc' }, take: 1 });
  return drafts[0] ?? null;
}
