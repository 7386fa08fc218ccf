// /account add | link | unlink | list | login | session | settings | check — administration of the channel's accounts.
import {
  InteractionContextType,
  LabelBuilder,
  ModalBuilder,
  PermissionFlagsBits,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { AccountSettingsInput, AccountSummary } from '../src/service-api.ts';
import type { Command } from '../src/discord/command-registry.ts';
import { accountOption, accountRefOf, EPHEMERAL, optionText, requireManageServer } from '../src/discord/command-options.ts';
import { respondWithAccounts, displayAccount } from '../src/discord/account-option.ts';
import { AttachmentRefusedError } from '../src/discord/download.ts';
import { LOGIN_FIELDS } from '../src/discord/components/account-login.ts';
import { actorOf, type BotContext } from '../src/discord/context.ts';
import { loginModalId } from '../src/discord/custom-ids.ts';
import { localized } from '../src/discord/i18n.ts';
import { en } from '../src/discord/locales/en.ts';
import { ko } from '../src/discord/locales/ko.ts';
import { accountName } from '../src/discord/render/draft.ts';
import { renderAccounts } from '../src/discord/render/lists.ts';
import { imageOptions, voiceOptions, withImageOptions } from '../src/discord/voice-options.ts';
import { describeError, Refusal } from '../src/discord/failures.ts';
import { langOfInteraction, tr } from '../src/discord/respond.ts';
import { LIMITS, LimitError } from '../src/limits.ts';
import { NotHereError } from '../src/refusals.ts';

const SESSION_MAX_BYTES = 1024 * 1024;
const VISIBILITIES = ['public', 'neighbors', 'private'] as const;

const data = localized(new SlashCommandBuilder().setName('account'), 'account')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    localized(s.setName('add'), 'account.add')
      .addStringOption(optionText('blog_id', true, 60))
      .addStringOption(optionText('label', false, LIMITS.labelChars)),
  )
  .addSubcommand((s) => localized(s.setName('link'), 'account.link').addStringOption(accountOption(true)))
  .addSubcommand((s) => localized(s.setName('unlink'), 'account.unlink').addStringOption(accountOption(true)))
  .addSubcommand((s) => localized(s.setName('list'), 'account.list'))
  .addSubcommand((s) => localized(s.setName('login'), 'account.login').addStringOption(accountOption(true)))
  .addSubcommand((s) =>
    localized(s.setName('session'), 'account.session')
      .addStringOption(accountOption(true))
      .addAttachmentOption((o) => localized(o.setName('file'), 'opt.file').setRequired(true)),
  )
  .addSubcommand((s) => localized(s.setName('check'), 'account.check').addStringOption(accountOption(false)))
  .addSubcommand((s) =>
    withImageOptions(localized(s.setName('settings'), 'account.settings')
      .addStringOption(accountOption(true))
      .addBooleanOption((o) => localized(o.setName('auto_approve'), 'opt.auto_approve'))
      .addIntegerOption((o) => localized(o.setName('daily_cap'), 'opt.daily_cap').setMinValue(0).setMaxValue(LIMITS.dailyCap))
      .addStringOption((o) =>
        localized(o.setName('visibility'), 'opt.visibility').addChoices(
          ...VISIBILITIES.map((v) => ({ name: en.visibility[v]!, name_localizations: { ko: ko.visibility[v]! }, value: v })),
        ),
      )
      .addStringOption(optionText('category', false, LIMITS.categoryChars))
      .addStringOption(optionText('tone', false, LIMITS.toneChars))
      .addRoleOption((o) => localized(o.setName('approver_role'), 'opt.approver_role'))
      .addRoleOption((o) => localized(o.setName('remove_approver_role'), 'opt.remove_approver_role'))
      .addStringOption(optionText('allowed_hours', false, 11))
      .addIntegerOption((o) => localized(o.setName('min_interval'), 'opt.min_interval').setMinValue(0).setMaxValue(LIMITS.minIntervalMinutes))
      .addIntegerOption((o) => localized(o.setName('jitter'), 'opt.jitter').setMinValue(0).setMaxValue(LIMITS.jitterMinutes))
      .addStringOption(optionText('default_tags', false, LIMITS.tags * (LIMITS.tagChars + 3)))
      .addStringOption(optionText('banned_words', false, LIMITS.bannedWords * (LIMITS.bannedWordChars + 2)))
      .addBooleanOption((o) => localized(o.setName('grounding'), 'opt.grounding'))
      .addBooleanOption((o) => localized(o.setName('references_block'), 'opt.references_block'))
      .addStringOption(optionText('persona', false, LIMITS.personaChars))
      .addStringOption(optionText('closing_line', false, LIMITS.closingLineChars))
      .addStringOption(optionText('banned_phrases', false, LIMITS.bannedPhrases * (LIMITS.bannedPhraseChars + 2)))
      .addStringOption(optionText('style_examples', false, LIMITS.styleExamples * 120))
      .addStringOption(optionText('ai_disclosure', false, LIMITS.aiDisclosureChars))),
  );

type Sub = (i: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>;

/** `9-22`, `09:00~22:00`: whole hours; the domain checks the range. */
function allowedHoursOf(raw: string): { allowedHourStart: number; allowedHourEnd: number } {
  const m = /^(\d{1,2})(?::00)?\s*[-~–]\s*(\d{1,2})(?::00)?$/.exec(raw.trim());
  if (!m) throw new LimitError('allowedHours');
  return { allowedHourStart: Number(m[1]), allowedHourEnd: Number(m[2]) };
}

/** Commas, spaces or `#` between tags; `-` alone clears them. */
function defaultTagsOf(raw: string): string[] {
  return raw.trim() === '-' ? [] : raw.split(/[,#\s]+/).filter(Boolean);
}

function named(a: AccountSummary): string {
  return accountName(a.blogId, a.label);
}

const subcommands: Record<string, Sub> = {
  async add(i, ctx) {
    await i.deferReply(EPHEMERAL);
    const account = await ctx.service.addAccount(
      { blogId: i.options.getString('blog_id', true).trim(), label: i.options.getString('label')?.trim() || null },
      actorOf(i),
    );
    await i.editReply(tr(i).account.added(named(account)));
  },

  async link(i, ctx) {
    const ref = accountRefOf(i, true);
    await i.deferReply(EPHEMERAL);
    await i.editReply(tr(i).account.linked(named(await ctx.service.linkAccount(ref, actorOf(i)))));
  },

  async unlink(i, ctx) {
    const ref = accountRefOf(i, true);
    await i.deferReply(EPHEMERAL);
    const account = await ctx.service.unlinkAccount(ref, actorOf(i));
    await i.editReply((account.forgotLogin ? tr(i).account.unlinkedLast : tr(i).account.unlinked)(named(account)));
  },

  async list(i, ctx) {
    await i.deferReply(EPHEMERAL);
    await i.editReply(renderAccounts(await ctx.service.listAccounts(i.channelId), langOfInteraction(i), ctx.searchCheckOn ?? false));
  },

  // Credentials are typed only into a modal (never a command option, which Discord would show in the channel).
  async login(i, ctx) {
    const ref = accountRefOf(i, true);
    // The form opens only for an account of this channel; any other gets the answer a missing one gets.
    const here = await ctx.service.listAccounts(i.channelId);
    if (!here.some((a) => a.id === ref || a.blogId === ref.toLowerCase())) throw new NotHereError('account', ref);
    const t = tr(i).account;
    await i.showModal(
      new ModalBuilder()
        .setCustomId(loginModalId(ref))
        .setTitle(t.loginModalTitle)
        .addLabelComponents(
          new LabelBuilder()
            .setLabel(t.loginUsername)
            .setTextInputComponent(new TextInputBuilder().setCustomId(LOGIN_FIELDS.username).setStyle(TextInputStyle.Short).setMaxLength(100).setRequired(true)),
          new LabelBuilder()
            .setLabel(t.loginPassword)
            .setTextInputComponent(new TextInputBuilder().setCustomId(LOGIN_FIELDS.password).setStyle(TextInputStyle.Short).setMaxLength(200).setRequired(true)),
        ),
    );
  },

  async session(i, ctx) {
    const ref = accountRefOf(i, true);
    const file = i.options.getAttachment('file', true);
    const t = tr(i);
    if (file.size > SESSION_MAX_BYTES) throw new Refusal(t.errors.sessionTooLarge);
    await i.deferReply(EPHEMERAL);
    let raw: Buffer;
    try {
      raw = await ctx.download(file.url, SESSION_MAX_BYTES);
    } catch (err) {
      ctx.logger.warn({ interactionId: i.id, err: describeError(err) }, 'session file download failed');
      throw new Refusal(err instanceof AttachmentRefusedError && err.reason === 'too_large' ? t.errors.sessionTooLarge : t.errors.sessionDownload);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new Refusal(t.errors.sessionNotJson);
    }
    const { cookies } = await ctx.service.importSession(ref, json, actorOf(i));
    await i.editReply(t.account.sessionImported(await displayAccount(ctx, i.channelId, ref), cookies));
  },

  // The editor check runs in the account's browser queue; its step-by-step answer is posted to this channel.
  async check(i, ctx) {
    const ref = accountRefOf(i, false);
    await i.deferReply(EPHEMERAL);
    const { blogId } = await ctx.service.checkEditor(ref ?? null, actorOf(i));
    await i.editReply(tr(i).editorCheck.queued(blogId));
  },

  async settings(i, ctx) {
    const ref = accountRefOf(i, true);
    const t = tr(i);
    const settings: AccountSettingsInput = {};
    const autoApprove = i.options.getBoolean('auto_approve');
    const dailyCap = i.options.getInteger('daily_cap');
    const visibility = i.options.getString('visibility') as AccountSettingsInput['visibility'] | null;
    const category = i.options.getString('category');
    const tone = i.options.getString('tone');
    const hours = i.options.getString('allowed_hours');
    const minInterval = i.options.getInteger('min_interval');
    const jitter = i.options.getInteger('jitter');
    const tags = i.options.getString('default_tags');
    if (autoApprove !== null) settings.autoApprove = autoApprove;
    if (dailyCap !== null) settings.dailyCap = dailyCap;
    if (visibility !== null) settings.visibility = visibility;
    if (category !== null) settings.category = category.trim() || null;
    if (tone !== null) settings.tone = tone.trim() || null;
    if (hours !== null) Object.assign(settings, allowedHoursOf(hours));
    if (minInterval !== null) settings.minIntervalMinutes = minInterval;
    if (jitter !== null) settings.jitterMinutes = jitter;
    if (tags !== null) settings.defaultTags = defaultTagsOf(tags);
    Object.assign(settings, voiceOptions(i), imageOptions(i));
    const addRole = i.options.getRole('approver_role');
    const removeRole = i.options.getRole('remove_approver_role');
    if (addRole || removeRole) settings.approverRoles = { add: addRole ? [addRole.id] : [], remove: removeRole ? [removeRole.id] : [] };
    if (Object.keys(settings).length === 0) throw new Refusal(t.errors.nothingToChange);
    await i.deferReply(EPHEMERAL);
    const a = await ctx.service.updateSettings(ref, settings, actorOf(i));
    const line = t.account.settingsLine(
      a.autoApprove ? t.account.yes : t.account.no,
      a.dailyCap,
      t.visibility[a.visibility] ?? a.visibility,
      a.category ?? t.account.none,
      a.tone ?? t.account.none,
      a.approverRoleIds.length ? a.approverRoleIds.map((r) => `<@&${r}>`).join(' ') : t.account.none,
    );
    const pacing = t.account.pacingLine(
      a.allowedHourStart,
      a.allowedHourEnd,
      a.minIntervalMinutes,
      a.jitterMinutes,
      a.defaultTags.length ? a.defaultTags.map((tag) => `#${tag}`).join(' ') : t.account.none,
    );
    const bannedLine = t.checks.bannedWordsLine(a.bannedWords?.length ? a.bannedWords.join(', ') : t.account.none);
    const groundingLine = t.checks.groundingLine(a.grounding ? t.account.yes : t.account.no, a.referencesBlock ? t.account.yes : t.account.no);
    const none = t.account.none;
    const voice = t.checks.voiceLine(a.persona ?? none, a.closingLine ?? none, a.bannedPhrases?.join(', ') || none, a.styleExampleIds?.length ?? 0, a.aiDisclosure ?? none);
    const images = t.images.settingsLine(t.images.modes[a.imagesMode ?? ''] ?? '', a.imagesMin ?? 0, a.imagesMax ?? 0, a.imageStyle ?? none);
    await i.editReply(`${t.account.settingsUpdated(named(a))}\n${line}\n${pacing}\n${bannedLine}\n${groundingLine}\n${voice}\n${images}`);
  },
};

const command: Command = {
  data,
  async execute(i, ctx) {
    const run = subcommands[i.options.getSubcommand(true)];
    if (!run) throw new Refusal(tr(i).errors.unknownCommand);
    // Checked here too, not only by Discord's default_member_permissions (a server can widen those): the
    // login form this command opens checks the same permission when it is submitted.
    requireManageServer(i);
    await run(i, ctx);
  },
  autocomplete: (i, ctx) => respondWithAccounts(i, ctx, i.options.getSubcommand(false) === 'link'),
};

export default command;
