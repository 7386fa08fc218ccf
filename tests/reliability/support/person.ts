// The people in the channel, played through the fake Discord: they set accounts up, ask for posts, approve
// what they are shown, and at the end act on every alert (Retry a dead letter, settle an unconfirmed publish
// after looking at the blog, log an account in again). They only use what a member sees: commands, buttons,
// modals and the messages in the channel.
import { buttons, messageText, type FakeInteraction, type FakeUser, type StoredMessage } from '../../fakes/fake-discord/index.ts';
import type { TestAccount, World } from './world.ts';

export interface Answer {
  interaction: FakeInteraction;
  answered: boolean;
  text: string;
  ephemeral: boolean;
}

/** "Try again" answers: the service could not do it now and says so. */
export const TRY_AGAIN = /try again|다시 시도/i;

export class Person {
  /** Clear refusals the bot answered with (one ephemeral sentence instead of doing it). */
  refusals = 0;
  /** Actions that got no answer at all (the bot was down, or too slow for Discord's deadline). */
  unanswered = 0;
  readonly #clicked = new Map<string, number>();
  readonly #regenerated = new Map<string, number>();
  #approving: NodeJS.Timeout | null = null;

  readonly world: World;
  readonly user: FakeUser;

  constructor(world: World, user: FakeUser) {
    this.world = world;
    this.user = user;
  }

  get discord() {
    return this.world.discord;
  }

  async answer(i: FakeInteraction, timeoutMs = 20_000): Promise<Answer> {
    const answered = await this.discord.waitForAnswer(i, timeoutMs).then(
      () => true,
      () => false,
    );
    if (!answered) this.unanswered++;
    // A public "thinking…" that is deleted is followed by the private sentence that explains why.
    if (answered && this.discord.message(i.originalId)?.deleted && i.followupIds.length === 0) {
      await this.discord.waitFor(() => i.followupIds.length > 0, 'the followup after a deleted reply', 10_000).catch(() => undefined);
    }
    return { interaction: i, answered, text: this.discord.answerText(i), ephemeral: this.discord.answerIsEphemeral(i) };
  }

  /** A click on a button whose success edits the message: any ephemeral sentence is a refusal. */
  async click(customId: string, on: { messageId?: string; channelId?: string } = {}, timeoutMs = 20_000): Promise<Answer> {
    const a = await this.answer(this.discord.click(this.user, customId, on), timeoutMs);
    if (a.ephemeral && a.text) this.refusals++;
    return a;
  }

  async command(command: string, sub: string | null, options: Record<string, string | number | boolean | undefined>, on: { channelId?: string } = {}): Promise<Answer> {
    return this.answer(this.discord.slash(this.user, command, sub, options, on));
  }

  /** A command that must work; a "try again" answer is retried the way a person would, a few seconds later. */
  async must(command: string, sub: string | null, options: Record<string, string | number | boolean | undefined>, accept: (a: Answer) => boolean): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const a = await this.command(command, sub, options);
      if (accept(a)) return a;
      if (a.ephemeral && a.text) this.refusals++;
      if (attempt >= 8) throw new Error(`/${command} ${sub ?? ''} kept failing: ${a.answered ? a.text : '(no answer)'}`);
      await sleep(3_000);
    }
  }

  /** /account add, the login modal, and settings (no daily cap; auto-approve as asked). */
  async setUpAccount(account: TestAccount): Promise<void> {
    this.world.naver.addUser({ username: account.username, password: account.password, blogId: account.blogId });
    await this.must('account', 'add', { blog_id: account.blogId }, (a) => a.answered && a.text.includes(account.blogId) && !TRY_AGAIN.test(a.text));
    await this.logIn(account);
    await this.must('account', 'settings', { account: account.blogId, auto_approve: account.autoApprove, daily_cap: 0 }, (a) => a.answered && !TRY_AGAIN.test(a.text));
    this.world.accounts.push(account);
  }

  async logIn(account: TestAccount): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const open = await this.command('account', 'login', { account: account.blogId });
      const modal = open.interaction.modal;
      if (modal) {
        const saved = await this.answer(this.discord.submitModal(this.user, modal.custom_id, { username: account.username, password: account.password }));
        if (saved.answered && !TRY_AGAIN.test(saved.text)) return;
      }
      if (attempt >= 8) throw new Error(`could not log ${account.blogId} in: ${open.text}`);
      await sleep(3_000);
    }
  }

  /** /schedule post; a public reply is the post's live message. Retried after a "try again". */
  async requestPost(account: TestAccount, tag: string): Promise<Answer> {
    return this.must('schedule', 'post', { account: account.blogId, topic: `성수동 카페 투어 ${tag}`, keywords: '성수, 카페' }, (a) => a.answered && !a.ephemeral);
  }

  /**
   * Clicks Approve on every prompt in the channel that still shows it (again after a while: a lost click).
   * With `regenerate`, presses Regenerate that many times on each draft first; with `burst`, every click is
   * that many clicks at once (an impatient double or triple click).
   */
  startApproving(options: { channelId?: string; regenerate?: number; burst?: number } = {}): void {
    const channelId = options.channelId ?? this.discord.channels.main;
    const tick = () => {
      for (const m of this.discord.channelMessages(channelId)) {
        const approve = buttons(m).find((b) => b.customId?.startsWith('draft:approve:') && !b.disabled);
        if (!approve?.customId) continue;
        const draftId = approve.customId.slice('draft:approve:'.length);
        const regenerated = this.#regenerated.get(draftId) ?? 0;
        const customId = regenerated < (options.regenerate ?? 0) ? `draft:regenerate:${draftId}` : approve.customId;
        const last = this.#clicked.get(customId) ?? 0;
        if (Date.now() - last < 15_000) continue;
        this.#clicked.set(customId, Date.now());
        for (let b = 1; b < (options.burst ?? 1); b++) void this.click(customId, { messageId: m.id });
        void this.click(customId, { messageId: m.id }).then((a) => {
          if (customId.startsWith('draft:regenerate:') && a.answered && !a.ephemeral) this.#regenerated.set(draftId, regenerated + 1);
        });
      }
    };
    this.#approving = setInterval(tick, 700);
    // A scenario that fails before its finish() never calls stopApproving: the clicks must not keep the test
    // file's process alive after its teardown (the runner would wait for it forever).
    this.#approving.unref();
  }

  stopApproving(): void {
    if (this.#approving) clearInterval(this.#approving);
    this.#approving = null;
  }

  /**
   * Acts on every alert in the channel as a person would: Retry each open dead letter; for an unconfirmed
   * publish, look at the blog first (Mark published if the post is there, else Publish again); log accounts
   * that need it in again. Returns how many things were acted on.
   */
  async actOnAlerts(channelId = this.discord.channels.main): Promise<number> {
    let acted = 0;
    const messages = this.discord.channelMessages(channelId);
    for (const m of messages) {
      for (const b of buttons(m)) {
        if (b.disabled || !b.customId) continue;
        if (b.customId.startsWith('dlq:retry:')) {
          await this.click(b.customId, { messageId: m.id });
          acted++;
        } else if (b.customId.startsWith('draft:mark_published:')) {
          const onBlog = this.#postShownIn(m);
          await this.click(onBlog ? b.customId : b.customId.replace('draft:mark_published:', 'draft:publish_again:'), { messageId: m.id });
          acted++;
        }
      }
    }
    for (const account of this.world.accounts) {
      const status = await this.world.query<{ status: string }>('SELECT status FROM "Account" WHERE "blogId" = $1', [account.blogId]);
      if (status[0]?.status === 'needs_login' && messages.some((m) => isNeedsLoginAlert(m, account.blogId))) {
        await this.logIn(account);
        acted++;
      }
    }
    return acted;
  }

  /** Whether the post a draft message is about is on the blog (the person opens the blog and looks). */
  #postShownIn(m: StoredMessage): boolean {
    const tag = messageText(m).match(/R\d+-\d+/)?.[0];
    return Boolean(tag && this.world.naver.posts.some((p) => p.title.includes(tag)));
  }
}

export function isNeedsLoginAlert(m: StoredMessage, blogId: string): boolean {
  return m.content.startsWith('🔐') && m.content.includes(blogId);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
