// The Discord side of the service: one gateway client, the command and component routers, and the notifier.
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BlogAutopilotService } from '../service-api.ts';
import { loadCommands } from './commands.ts';
import { componentHandlers } from './components/index.ts';
import type { BotContext } from './context.ts';
import { attachmentDownloader } from './download.ts';
import type { Lang } from './i18n.ts';
import type { Logger } from './logger.ts';
import { DiscordNotifier } from './notifier.ts';
import { describeError } from './respond.ts';
import { createRouter } from './router.ts';

export interface DiscordBotOptions {
  token: string;
  /** DISCORD_API_URL; the gateway address is discovered from it (GET /gateway/bot). */
  apiUrl?: string;
  applicationId: string;
  guildId?: string | null;
  service: BlogAutopilotService;
  logger: Logger;
  defaultTimezone: string;
  /** Language of channel messages (approval prompts, alerts). Korean by default. */
  channelLang?: Lang;
  /** REST tuning; tests lower retries and timeouts. */
  rest?: { retries?: number; timeout?: number };
  /** How long start() waits for the gateway to be ready. */
  readyTimeoutMs?: number;
  commandsDir?: string;
  download?: (url: string, maxBytes: number) => Promise<Buffer>;
  /** DISCORD_CDN_URL: an origin attachments may also be downloaded from, besides Discord's CDN. */
  cdnUrl?: string | null;
}

export interface DiscordBot {
  client: Client;
  notifier: DiscordNotifier;
  start(): Promise<void>;
  stop(): Promise<void>;
  isReady(): boolean;
}

export function createDiscordBot(options: DiscordBotOptions): DiscordBot {
  const logger = options.logger.child({ component: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // No message of the bot pings anyone: draft text, topics and labels can hold @everyone or role mentions.
    // A payload that names its own allowedMentions still decides for itself (they all say parse: [] too).
    allowedMentions: { parse: [] },
    rest: { api: options.apiUrl ?? 'https://discord.com/api', retries: options.rest?.retries ?? 3, timeout: options.rest?.timeout ?? 15_000 },
  });
  // REST works before the gateway is up, so notifications sent during start-up are not lost.
  client.rest.setToken(options.token);
  const notifier = new DiscordNotifier({ client, service: options.service, logger, defaultTimezone: options.defaultTimezone, lang: options.channelLang });
  const ctx: BotContext = {
    service: options.service,
    logger,
    defaultTimezone: options.defaultTimezone,
    notifier,
    download: options.download ?? attachmentDownloader({ extraOrigin: options.cdnUrl }),
  };

  // A crashing listener must never take the process down; discord.js reports its own trouble here.
  client.on(Events.Error, (err) => logger.error({ err: describeError(err) }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardError, (err, shardId) => logger.error({ shardId, err: describeError(err) }, 'gateway connection error'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));

  let started: Promise<void> | null = null;

  async function start(): Promise<void> {
    const commands = await loadCommands(options.commandsDir);
    const router = createRouter(commands, componentHandlers, ctx);
    client.on(Events.InteractionCreate, (interaction) => {
      void router.route(interaction).catch((err) => logger.error({ err: describeError(err) }, 'interaction router failed'));
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Discord gateway was not ready in time')), options.readyTimeoutMs ?? 60_000);
      client.once(Events.ClientReady, (c) => {
        clearTimeout(timer);
        logger.info({ user: c.user.tag, guilds: c.guilds.cache.size, commands: commands.size }, 'discord bot ready');
        resolve();
      });
    });
    await client.login(options.token);
    await ready;
  }

  return {
    client,
    notifier,
    start: () => (started ??= start()),
    async stop() {
      await client.destroy();
    },
    isReady: () => client.isReady(),
  };
}
