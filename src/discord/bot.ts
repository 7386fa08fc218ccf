// The Discord side of the service: one gateway client, the command and component routers, and the notifier.
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BlogAutopilotService } from '../service-api.ts';
import { rejectAfter } from '../timeout.ts';
import type { DraftMessages } from './draft-messages.ts';
import { loadCommands } from './command-registry.ts';
import { componentHandlers } from './components/index.ts';
import type { BotContext } from './context.ts';
import { attachmentDownloader } from './download.ts';
import type { Lang } from './i18n.ts';
import type { Logger } from '../logging.ts';
import { DiscordNotifier } from './notifier.ts';
import { describeError } from './failures.ts';
import { createRouter } from './router.ts';

export interface DiscordBotOptions {
  token: string;
  /** DISCORD_API_URL; the gateway address is discovered from it (GET /gateway/bot). */
  apiUrl?: string;
  applicationId: string;
  guildId?: string | null;
  /** Where the messages that show each draft are kept (discord/draft-messages.ts). */
  messages: DraftMessages;
  logger: Logger;
  defaultTimezone: string;
  /** Whether the search check after publishing runs (NAVER Search API keys set); /account list says so. */
  searchCheckOn?: boolean;
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

/**
 * Built before the domain (which needs the notifier); the service is handed over at `start()`, when the
 * gateway connects and commands are answered. A worker replica never starts it: it only posts over REST.
 */
export interface DiscordBot {
  client: Client;
  notifier: DiscordNotifier;
  start(service: BlogAutopilotService): Promise<void>;
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
  const notifier = new DiscordNotifier({ client, messages: options.messages, logger, defaultTimezone: options.defaultTimezone, lang: options.channelLang });

  // A crashing listener must never take the process down; discord.js reports its own trouble here.
  client.on(Events.Error, (err) => logger.error({ err: describeError(err) }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardError, (err, shardId) => logger.error({ shardId, err: describeError(err) }, 'gateway connection error'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));

  let started: Promise<void> | null = null;

  async function start(service: BlogAutopilotService): Promise<void> {
    const ctx: BotContext = { service, logger, defaultTimezone: options.defaultTimezone, searchCheckOn: options.searchCheckOn ?? false, notifier, download: options.download ?? attachmentDownloader({ extraOrigin: options.cdnUrl }) };
    const commands = await loadCommands(options.commandsDir);
    const router = createRouter(commands, componentHandlers, ctx);
    client.on(Events.InteractionCreate, (interaction) => {
      void router.route(interaction).catch((err) => logger.error({ err: describeError(err) }, 'interaction router failed'));
    });
    const ready = new Promise<void>((resolve) => {
      client.once(Events.ClientReady, (c) => {
        logger.info({ user: c.user.tag, guilds: c.guilds.cache.size, commands: commands.size }, 'discord bot ready');
        resolve();
      });
    });
    await client.login(options.token);
    await rejectAfter(ready, options.readyTimeoutMs ?? 60_000, 'Discord gateway was not ready in time');
  }

  return {
    client,
    notifier,
    start: (service) => (started ??= start(service)),
    async stop() {
      await client.destroy();
    },
    isReady: () => client.isReady(),
  };
}
