// /schedule post | recurring | list | remove | pause | resume — one post now or later, or posts on a cron rule.
import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../src/discord/command-registry.ts';
import { accountOption, accountRefOf, EPHEMERAL, optionText, requireManageServer } from '../src/discord/command-options.ts';
import { respondWithAccounts } from '../src/discord/account-option.ts';
import { actorOf, type BotContext } from '../src/discord/context.ts';
import { localized, type Lang } from '../src/discord/i18n.ts';
import { renderScheduleCreated, renderSchedules } from '../src/discord/render/lists.ts';
import { Refusal } from '../src/discord/failures.ts';
import { langOfInteraction, tr } from '../src/discord/respond.ts';
import { formatInZone, isTimeZone, latestPublishAt, parsePublishAt, type PublishAtResult } from '../src/discord/time.ts';
import type { ScheduleSummary } from '../src/service-api.ts';
import { checkKeywords, LIMITS } from '../src/limits.ts';
import { checkTopic, checkTopicPool } from '../src/drafts/topic.ts';
import { attachedPhotos, downloadPhotos, withPhotoOptions } from '../src/discord/photos.ts';

/** Room for a full pool, one topic per line (Discord allows string options up to 6000 characters). */
const POOL_INPUT_MAX = Math.min(6_000, LIMITS.topicsPerSchedule * (LIMITS.topicChars + 1));
const KEYWORDS_INPUT_MAX = LIMITS.keywords * (LIMITS.keywordChars + 2);

const idOption = (o: import('discord.js').SlashCommandStringOption) => localized(o.setName('id'), 'opt.id').setRequired(true).setAutocomplete(true);

// No default_member_permissions here: post and list are for every writer; the admin subcommands check
// Manage Server themselves (Discord can only restrict whole commands).
const data = localized(new SlashCommandBuilder().setName('schedule'), 'schedule')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    withPhotoOptions(
      localized(s.setName('post'), 'schedule.post')
        .addStringOption(accountOption(true))
        .addStringOption(optionText('topic', true, LIMITS.topicChars))
        .addStringOption(optionText('keywords', false, KEYWORDS_INPUT_MAX))
        .addStringOption(optionText('publish_at', false, 40)),
    ),
  )
  .addSubcommand((s) =>
    localized(s.setName('recurring'), 'schedule.recurring')
      .addStringOption(accountOption(true))
      .addStringOption(optionText('cron', true, 100))
      .addStringOption(optionText('topic', true, POOL_INPUT_MAX))
      .addStringOption(optionText('timezone', false, 64))
      .addStringOption(optionText('keywords', false, KEYWORDS_INPUT_MAX)),
  )
  .addSubcommand((s) => localized(s.setName('list'), 'schedule.list'))
  .addSubcommand((s) => localized(s.setName('remove'), 'schedule.remove').addStringOption(idOption))
  .addSubcommand((s) => localized(s.setName('pause'), 'schedule.pause').addStringOption(idOption))
  .addSubcommand((s) => localized(s.setName('resume'), 'schedule.resume').addStringOption(idOption));

/** One topic, or a pool: one per line or separated by `|`. */
export function topicPool(raw: string): string[] {
  return raw
    .split(/\r?\n|\|/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Split, then checked against src/limits.ts (the service checks again): refused above the limit, never cut. */
function keywordsOf(raw: string | null): string[] {
  return checkKeywords((raw ?? '').split(/[,،、#]/));
}

function publishAtRefusal(t: ReturnType<typeof tr>, reason: Extract<PublishAtResult, { ok: false }>['reason'], input: string, zone: string, lang: Lang): string {
  if (reason === 'past') return t.errors.publishAtPast(input);
  if (reason === 'too_far') return t.errors.publishAtTooFar(input, formatInZone(latestPublishAt(zone), zone, lang));
  return t.errors.publishAtUnparsable(input);
}

interface Sub {
  /** Named precondition: only Manage Server may use it. */
  managersOnly?: boolean;
  run(i: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
}

/** remove / pause / resume: an admin change to one schedule, answered privately. */
function scheduleChange(
  change: (service: BotContext['service'], id: string, actor: ReturnType<typeof actorOf>) => Promise<ScheduleSummary>,
  say: (t: ReturnType<typeof tr>, id: string) => string,
): Sub {
  return {
    managersOnly: true,
    async run(i, ctx) {
      await i.deferReply(EPHEMERAL);
      const s = await change(ctx.service, i.options.getString('id', true).trim(), actorOf(i));
      await i.editReply(say(tr(i), s.id));
    },
  };
}

const subcommands: Record<string, Sub> = {
  post: {
    async run(i, ctx) {
      const t = tr(i);
      const accountRef = accountRefOf(i, true);
      // Checked before the public "thinking…" reply, so a refusal leaves nothing behind in the channel.
      const topic = checkTopic(i.options.getString('topic', true));
      const keywords = keywordsOf(i.options.getString('keywords'));
      const when = i.options.getString('publish_at')?.trim();
      let publishAt: Date | null = null;
      if (when) {
        const parsed = parsePublishAt(when, ctx.defaultTimezone);
        if (!parsed.ok) throw new Refusal(publishAtRefusal(t, parsed.reason, when, ctx.defaultTimezone, langOfInteraction(i)));
        publishAt = parsed.date;
      }
      const attached = attachedPhotos(i);
      // Public: this reply becomes the post's live progress message (queued → … → published).
      await i.deferReply();
      const reply = ctx.notifier.expectReply(i.channelId);
      let draft;
      try {
        // A photo refused after the deferral: the public placeholder is deleted and the sentence is private.
        const photos = await downloadPhotos(i, ctx, attached);
        draft = await ctx.service.schedulePost({ accountRef, topic, keywords, publishAt, photos }, actorOf(i));
      } catch (err) {
        reply.cancel();
        throw err;
      }
      await reply.track(draft, langOfInteraction(i), (payload) => i.editReply(payload));
    },
  },

  recurring: {
    managersOnly: true,
    async run(i, ctx) {
      const accountRef = accountRefOf(i, true);
      const topics = checkTopicPool(topicPool(i.options.getString('topic', true)));
      const keywords = keywordsOf(i.options.getString('keywords'));
      const timezone = i.options.getString('timezone')?.trim() || null;
      if (timezone && !isTimeZone(timezone)) throw new Refusal(tr(i).errors.timezoneInvalid(timezone));
      await i.deferReply(EPHEMERAL);
      const schedule = await ctx.service.createSchedule(
        {
          accountRef,
          cron: i.options.getString('cron', true).trim(),
          topics,
          timezone: timezone ?? ctx.defaultTimezone,
          keywords,
        },
        actorOf(i),
      );
      await i.editReply(renderScheduleCreated(schedule, langOfInteraction(i)));
    },
  },

  list: {
    async run(i, ctx) {
      await i.deferReply(EPHEMERAL);
      await i.editReply(renderSchedules(await ctx.service.listSchedules(i.channelId), langOfInteraction(i)));
    },
  },

  remove: scheduleChange((svc, id, actor) => svc.removeSchedule(id, actor), (t, id) => t.schedule.removed(id)),
  pause: scheduleChange((svc, id, actor) => svc.pauseSchedule(id, actor), (t, id) => t.schedule.paused(id)),
  resume: scheduleChange((svc, id, actor) => svc.resumeSchedule(id, actor), (t, id) => t.schedule.resumed(id)),
};

async function autocomplete(i: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = i.options.getFocused(true);
  if (focused.name !== 'id') return respondWithAccounts(i, ctx);
  const query = String(focused.value).toLowerCase();
  const schedules = await ctx.service.listSchedules(i.channelId ?? '');
  await i.respond(
    schedules
      .filter((s) => s.id.toLowerCase().includes(query) || s.blogId.toLowerCase().includes(query) || s.topics.some((t) => t.toLowerCase().includes(query)))
      .slice(0, 25)
      .map((s) => ({ name: `${s.blogId} · ${s.cron} · ${s.topics[0] ?? ''}`.slice(0, 100), value: s.id })),
  );
}

const command: Command = {
  data,
  async execute(i, ctx) {
    const sub = subcommands[i.options.getSubcommand(true)];
    if (!sub) throw new Refusal(tr(i).errors.unknownCommand);
    if (sub.managersOnly) requireManageServer(i);
    await sub.run(i, ctx);
  },
  autocomplete,
};

export default command;
