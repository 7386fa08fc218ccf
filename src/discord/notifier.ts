// Tells the channel: approval prompts that are edited in place as a draft moves, dead-letter and login alerts.
// Delivery problems are logged and swallowed: a lost channel message must never fail a job.
import type { BaseMessageOptions, Client, Message, MessageCreateOptions, MessageEditOptions } from 'discord.js';
import type { Notification, Notifier, PreviewNotice } from '../ports.ts';
import type { DraftSummary } from '../service-api.ts';
import { settleWithin } from '../timeout.ts';
import { picturesOf, type DraftMessages, type MessageRef } from './draft-messages.ts';
import { CHANNEL_LANG, messages, type Lang } from './i18n.ts';
import type { Logger } from '../logging.ts';
import { renderDeadLetter, renderNeedsLogin } from './render/alerts.ts';
import { renderEditorCheck, renderPreviewShot } from './render/preview.ts';
import { renderLoginRelay } from './render/login-relay.ts';
import { renderDraft, viewFromNotice, viewFromSummary, type DraftView } from './render/draft.ts';
import { renderNotLive, renderSearchMissing } from './render/post-alerts.ts';
import { renderReport } from './render/report.ts';
import { describeError } from './failures.ts';
import { Recent } from './recent.ts';

type DraftPayload = Awaited<ReturnType<typeof renderDraft>>;

/** The longest a submitted draft waits for a command's reply to take it over. */
const REPLY_WAIT_MS = 5_000;

export interface PendingReply {
  track(draft: DraftSummary, lang: Lang, show: (payload: BaseMessageOptions) => Promise<Message>): Promise<void>;
  cancel(): void;
}

export interface DiscordNotifierOptions {
  client: Client;
  messages: DraftMessages;
  logger: Logger;
  defaultTimezone: string;
  /** Language of channel messages; Korean unless the operator says otherwise. */
  lang?: Lang;
}

export class DiscordNotifier implements Notifier {
  readonly #client: Client;
  readonly #messages: DraftMessages;
  readonly #logger: Logger;
  readonly #zone: string;
  readonly #lang: Lang;
  /** Notices of one draft are handled one at a time, in order, so a message never shows an older state. */
  readonly #chains = new Map<string, Promise<void>>();
  readonly #latest = new Recent<string, DraftView>(2_000);
  /** A message started by someone's slash command keeps their language (until a restart). */
  readonly #messageLang = new Recent<string, Lang>(2_000);
  readonly #pendingReplies = new Map<string, Set<Promise<void>>>();
  /** A login relay's messages, edited by the process that holds the relay (the one that posted them). */
  readonly #relayMessages = new Recent<string, MessageRef[]>(500);

  constructor(options: DiscordNotifierOptions) {
    this.#client = options.client;
    this.#messages = options.messages;
    this.#logger = options.logger.child({ component: 'discord-notifier' });
    this.#zone = options.defaultTimezone;
    this.#lang = options.lang ?? CHANNEL_LANG;
  }

  async notify(n: Notification): Promise<void> {
    try {
      if (n.kind === 'draft') {
        const view = viewFromNotice(n.draft);
        if (n.draft.action === 'submitted') await this.#replyInFlight(n.draft.channelIds);
        await this.#serial(view.id, () => this.#showDraft(view, n.draft.channelIds, n.draft.action === 'submitted'));
      } else if (n.kind === 'dead_letter') {
        await this.#deadLetter(n);
      } else if (n.kind === 'preview') {
        await this.#preview(n.preview);
      } else if (n.kind === 'editor_check') {
        for (const channelId of n.check.channelIds) await this.#send(channelId, await renderEditorCheck(n.check, this.#lang, channelId));
      } else if (n.kind === 'login_relay') {
        await this.#serial(`relay:${n.relayId}`, () => this.#loginRelay(n));
      } else if (n.kind === 'needs_login') {
        await this.#needsLogin(n);
      } else if (n.kind === 'weekly_report') {
        await this.#send(n.channelId, await renderReport(n.report, this.#lang));
      } else {
        const payload = n.kind === 'post_not_live' ? await renderNotLive(n, this.#lang) : renderSearchMissing(n, this.#lang);
        for (const channelId of n.channelIds) await this.#send(channelId, payload);
      }
    } catch (err) {
      this.#logger.error({ kind: n.kind, err: describeError(err) }, 'could not deliver a notification to Discord');
    }
  }

  /**
   * Announces that a command in `channelId` is creating a draft whose reply should become its live message.
   * Until `track` or `cancel`, a freshly submitted draft waits briefly before posting a prompt of its own
   * there: a fast writer must not beat the reply and leave two messages for one post.
   */
  expectReply(channelId: string): PendingReply {
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const set = this.#pendingReplies.get(channelId) ?? new Set<Promise<void>>();
    set.add(done);
    this.#pendingReplies.set(channelId, set);
    const finish = () => {
      set.delete(done);
      if (set.size === 0 && this.#pendingReplies.get(channelId) === set) this.#pendingReplies.delete(channelId);
      settle();
    };
    return {
      cancel: finish,
      track: (draft, lang, show) => {
        // trackReply queues itself on the draft synchronously, so the waiting notice runs after it.
        const tracked = this.trackReply(draft, channelId, lang, show);
        finish();
        return tracked;
      },
    };
  }

  async #replyInFlight(channelIds: string[]): Promise<void> {
    const pending = channelIds.flatMap((c) => [...(this.#pendingReplies.get(c) ?? [])]);
    if (pending.length === 0) return;
    await settleWithin(Promise.all(pending), REPLY_WAIT_MS, () => undefined);
  }

  /**
   * Makes an interaction reply the live message of a draft (the /schedule post progress message). If the
   * approval prompt already reached this channel first, the reply just points to it instead.
   */
  async trackReply(draft: DraftSummary, channelId: string, lang: Lang, show: (payload: BaseMessageOptions) => Promise<Message>): Promise<void> {
    await this.#serial(draft.id, async () => {
      const refs = await this.#messages.of(draft.id);
      const existing = refs.find((r) => r.channelId === channelId);
      if (existing) {
        await show({ content: `${messages(lang).draft.followBelow} ${this.messageUrl(existing) ?? ''}`.trim(), embeds: [], components: [] });
        return;
      }
      const view = this.#latest.get(draft.id) ?? viewFromSummary(draft, 'system', 'queued');
      const message = await show(await renderDraft(view, lang, this.#zone, await this.#images(view)));
      this.#messageLang.set(message.id, lang);
      await this.#messages.record(draft.id, { channelId, messageId: message.id });
    });
  }

  /** Re-renders a draft's messages from a fresh summary (after an Edit, whose result the clicker must see). */
  async refreshDraft(draft: DraftSummary, actor: string, action: string): Promise<void> {
    try {
      await this.#serial(draft.id, async () => {
        const label = this.#latest.get(draft.id)?.accountLabel ?? null;
        await this.#showDraft(viewFromSummary(draft, actor, action, label), null, false);
      });
    } catch (err) {
      this.#logger.error({ draftId: draft.id, err: describeError(err) }, 'could not refresh a draft message');
    }
  }

  messageUrl(ref: MessageRef): string | null {
    const channel = this.#client.channels.cache.get(ref.channelId);
    const guildId = channel && 'guildId' in channel ? channel.guildId : null;
    return guildId ? `https://discord.com/channels/${guildId}/${ref.channelId}/${ref.messageId}` : null;
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────
  async #serial(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.#chains.set(key, current);
    try {
      await current;
    } finally {
      if (this.#chains.get(key) === current) this.#chains.delete(key);
    }
  }

  #langFor(ref: MessageRef): Lang {
    return this.#messageLang.get(ref.messageId) ?? this.#lang;
  }

  /** Edits every message of the draft; on submission also posts the prompt where the draft has none yet. */
  async #showDraft(view: DraftView, channelIds: string[] | null, submitted: boolean): Promise<void> {
    const previous = this.#latest.get(view.id);
    this.#latest.set(view.id, { ...view, accountLabel: view.accountLabel ?? previous?.accountLabel ?? null });
    const refs = (await this.#messages.of(view.id)).filter((r) => channelIds === null || channelIds.includes(r.channelId));
    const rendered = new Map<Lang, DraftPayload>();
    const payloadFor = async (lang: Lang) => rendered.get(lang) ?? rendered.set(lang, await renderDraft(view, lang, this.#zone, await this.#images(view))).get(lang)!;
    for (const ref of refs) await this.#edit(ref, await payloadFor(this.#langFor(ref)));
    if (!submitted || channelIds === null) return;
    for (const channelId of channelIds.filter((c) => !refs.some((r) => r.channelId === c))) {
      const sent = await this.#send(channelId, await payloadFor(this.#lang));
      if (sent) await this.#messages.record(view.id, { channelId, messageId: sent.id });
    }
  }

  #images = (v: DraftView) => picturesOf(this.#messages, v.id, v.article, (err) => this.#logger.warn({ draftId: v.id, err: describeError(err) }, 'could not read a draft’s pictures'));
  async #deadLetter(n: Extract<Notification, { kind: 'dead_letter' }>): Promise<void> {
    const refs = n.draftId ? await this.#messages.of(n.draftId).catch(() => []) : [];
    for (const channelId of n.channelIds) {
      const ref = refs.find((r) => r.channelId === channelId);
      await this.#send(channelId, await renderDeadLetter(n, this.#lang, ref ? this.messageUrl(ref) : null));
    }
  }

  /** The screenshot answers the draft's message in each channel (a message of its own where there is none). */
  async #preview(n: PreviewNotice): Promise<void> {
    const refs = await this.#messages.of(n.draftId).catch(() => []);
    for (const channelId of n.channelIds) {
      const ref = refs.find((r) => r.channelId === channelId);
      await this.#send(channelId, await renderPreviewShot(n, ref ? this.#langFor(ref) : this.#lang, ref?.messageId ?? null));
    }
  }

  async #needsLogin(n: Extract<Notification, { kind: 'needs_login' }>): Promise<void> {
    const payload = renderNeedsLogin(n, this.#lang);
    for (const channelId of n.channelIds) await this.#send(channelId, payload);
  }

  async #loginRelay(n: Extract<Notification, { kind: 'login_relay' }>): Promise<void> {
    const payload = renderLoginRelay(n, this.#lang);
    const refs = this.#relayMessages.get(n.relayId);
    if (refs) {
      for (const ref of refs) await this.#edit(ref, payload);
      return;
    }
    const posted: MessageRef[] = [];
    for (const channelId of n.channelIds) {
      const sent = await this.#send(channelId, payload);
      if (sent) posted.push({ channelId, messageId: sent.id });
    }
    this.#relayMessages.set(n.relayId, posted);
  }

  async #textChannel(channelId: string) {
    // A worker replica has no gateway, so it knows no guild: the channel is fetched over REST without one.
    const channel = this.#client.channels.cache.get(channelId) ?? (await this.#client.channels.fetch(channelId, { allowUnknownGuild: true }));
    if (!channel?.isTextBased() || !channel.isSendable()) throw new Error(`channel ${channelId} is not a text channel the bot can post in`);
    return channel;
  }

  async #send(channelId: string, payload: BaseMessageOptions | MessageCreateOptions): Promise<Message | null> {
    try {
      return await (await this.#textChannel(channelId)).send(payload);
    } catch (err) {
      this.#logger.warn({ channelId, err: describeError(err) }, 'could not post to a channel');
      return null;
    }
  }

  async #edit(ref: MessageRef, payload: BaseMessageOptions & { attachments?: [] }): Promise<void> {
    try {
      await (await this.#textChannel(ref.channelId)).messages.edit(ref.messageId, payload as MessageEditOptions);
    } catch (err) {
      this.#logger.warn({ ...ref, err: describeError(err) }, 'could not edit a draft message');
    }
  }
}
