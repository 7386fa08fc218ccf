// Hostile input for scenario 6: slash-command options, forged and replayed custom ids, oversized modal fields.
// Each case says what a careful service answers: a clear refusal (one private sentence that is not the
// generic "something went wrong"), or acceptance of odd but legitimate text (a post about SQL is a post).
import type { FakeUser } from '../../fakes/fake-discord/index.ts';
import type { Answer, Person } from './person.ts';

export type Expect = 'refuse' | 'accept' | 'clear';

export interface Case {
  what: string;
  expect: Expect;
  run: () => Promise<Answer>;
}

/** The generic sentence of an unexpected failure (our bug), in either language. */
export const GENERIC = /Something went wrong on our side|처리 중 문제가 생겼습니다|Something unexpected went wrong|예상하지 못한 오류/;

export interface Verdict {
  what: string;
  expect: Expect;
  ok: boolean;
  got: string;
}

export function judge(c: Case, a: Answer): Verdict {
  const got = a.answered ? `${a.ephemeral ? 'private' : 'public'}: ${a.text.slice(0, 140)}` : '(no answer)';
  const refused = a.answered && a.ephemeral && a.text.trim() !== '' && !GENERIC.test(a.text);
  const accepted = a.answered && !GENERIC.test(a.text) && !(a.ephemeral && a.text.trim() === '');
  const ok = c.expect === 'refuse' ? refused : c.expect === 'accept' ? accepted && !a.ephemeral : accepted;
  return { what: c.what, expect: c.expect, ok, got };
}

/** Topics that are odd but legitimate: accepted as written (and then rejected by a person, unpublished). */
export const ODD_TOPICS = [
  '\u202E텍스트 뒤집기\u202C 카페 후기',
  `카페'); DROP TABLE "Draft"; --`,
  '<script>alert(1)</script><img src=x onerror=alert(1)> 카페',
  '@everyone @here <@&123456789012345678> 카페 후기',
  '𝕮𝖆𝖋𝖊 ☕️ Z̷̢a̸l̴g̶o̵ 카페',
];

export function slashCases(person: Person, accountRef: string): Case[] {
  const post = (topic: string, extra: Record<string, string> = {}) => () => person.command('schedule', 'post', { account: accountRef, topic, ...extra });
  const cmd = (command: string, sub: string | null, options: Record<string, string | number | boolean>) => () => person.command(command, sub, options);
  return [
    { what: 'empty topic', expect: 'refuse', run: post('') },
    { what: 'blank topic', expect: 'refuse', run: post('   \n\t  ') },
    { what: 'topic of 5000 characters', expect: 'refuse', run: post('가'.repeat(5000)) },
    { what: 'topic of 300 lines', expect: 'refuse', run: post('카페\n'.repeat(300)) },
    { what: 'topic with NUL and control characters', expect: 'clear', run: post('\u0000\u0007\u001b[31m카페 후기') },
    { what: 'topic with a lone surrogate', expect: 'clear', run: post('\ud800 카페 후기') },
    ...ODD_TOPICS.map((t): Case => ({ what: `odd but legitimate topic ${JSON.stringify(t).slice(0, 40)}`, expect: 'accept', run: post(t) })),
    { what: 'account that is SQL', expect: 'refuse', run: cmd('schedule', 'post', { account: "' OR 1=1 --", topic: '카페' }) },
    { what: 'account of 500 characters', expect: 'refuse', run: cmd('schedule', 'post', { account: 'a'.repeat(500), topic: '카페' }) },
    { what: 'account that is a path', expect: 'refuse', run: cmd('schedule', 'post', { account: '../../etc/passwd', topic: '카페' }) },
    { what: 'account that does not exist', expect: 'refuse', run: cmd('schedule', 'post', { account: 'nosuchblog', topic: '카페' }) },
    { what: '1000 keywords', expect: 'refuse', run: post('카페', { keywords: Array.from({ length: 1000 }, (_, i) => `k${i}`).join(',') }) },
    { what: 'a keyword of 300 characters', expect: 'refuse', run: post('카페', { keywords: 'k'.repeat(300) }) },
    { what: 'publish_at in 99999999999999 days', expect: 'refuse', run: post('카페', { publish_at: 'in 99999999999999d' }) },
    { what: 'publish_at in the year 9999', expect: 'refuse', run: post('카페', { publish_at: '9999-12-31 23:59' }) },
    { what: 'publish_at month 13', expect: 'refuse', run: post('카페', { publish_at: '2026-13-45 25:61' }) },
    { what: 'publish_at negative', expect: 'refuse', run: post('카페', { publish_at: 'in -5m' }) },
    { what: 'publish_at in the past', expect: 'refuse', run: post('카페', { publish_at: '1999-01-01 00:00' }) },
    { what: 'blog id of 100 characters', expect: 'refuse', run: cmd('account', 'add', { blog_id: 'b'.repeat(100) }) },
    { what: 'blog id that is SQL', expect: 'refuse', run: cmd('account', 'add', { blog_id: "x'; DROP TABLE \"Account\"; --" }) },
    { what: 'blog id that is HTML', expect: 'refuse', run: cmd('account', 'add', { blog_id: '<b>blog</b>' }) },
    { what: 'blog id @everyone', expect: 'refuse', run: cmd('account', 'add', { blog_id: '@everyone' }) },
    { what: 'blog id with a right-to-left mark', expect: 'refuse', run: cmd('account', 'add', { blog_id: '\u202Eevilblog' }) },
    { what: 'empty blog id', expect: 'refuse', run: cmd('account', 'add', { blog_id: '' }) },
    { what: 'tone of 5000 characters', expect: 'refuse', run: cmd('account', 'settings', { account: accountRef, tone: '톤'.repeat(5000) }) },
    { what: 'category of 5000 characters', expect: 'refuse', run: cmd('account', 'settings', { account: accountRef, category: 'c'.repeat(5000) }) },
    { what: 'daily cap -5', expect: 'refuse', run: cmd('account', 'settings', { account: accountRef, daily_cap: -5 }) },
    { what: 'daily cap 99999', expect: 'refuse', run: cmd('account', 'settings', { account: accountRef, daily_cap: 99999 }) },
    { what: 'cron with 7 fields', expect: 'refuse', run: cmd('schedule', 'recurring', { account: accountRef, cron: '* * * * * * *', topic: '카페' }) },
    { what: 'cron step 0', expect: 'refuse', run: cmd('schedule', 'recurring', { account: accountRef, cron: '*/0 * * * *', topic: '카페' }) },
    { what: 'cron that is a shell command', expect: 'refuse', run: cmd('schedule', 'recurring', { account: accountRef, cron: '$(rm -rf /)', topic: '카페' }) },
    { what: 'cron of 5000 characters', expect: 'refuse', run: cmd('schedule', 'recurring', { account: accountRef, cron: '*'.repeat(5000), topic: '카페' }) },
    { what: 'time zone Mars/Olympus', expect: 'refuse', run: cmd('schedule', 'recurring', { account: accountRef, cron: '0 9 * * *', topic: '카페', timezone: 'Mars/Olympus' }) },
    { what: 'topic pool of 500 lines', expect: 'refuse', run: cmd('schedule', 'recurring', { account: accountRef, cron: '0 9 * * *', topic: Array.from({ length: 500 }, (_, i) => `주제 ${i}`).join('\n') }) },
    { what: '/drafts with a status that is SQL', expect: 'refuse', run: cmd('drafts', null, { status: "'; DROP TABLE \"Draft\"; --" }) },
    { what: '/drafts with an account of 500 characters', expect: 'refuse', run: cmd('drafts', null, { account: 'a'.repeat(500) }) },
    { what: '/schedule remove an id that is SQL', expect: 'refuse', run: cmd('schedule', 'remove', { id: "' OR 1=1 --" }) },
    { what: '/schedule pause an id of 5000 characters', expect: 'refuse', run: cmd('schedule', 'pause', { id: 'x'.repeat(5000) }) },
    { what: '/queue for an account of 500 characters', expect: 'refuse', run: cmd('queue', null, { account: 'q'.repeat(500) }) },
  ];
}

/** Forged and replayed custom ids, for every button and modal the bot knows. */
export function componentCases(
  person: Person,
  o: { member: FakeUser; publishedDraftId: string; pendingDraftId: string; accountRef: string; otherChannel: string; draftsListMessageId: string },
): Case[] {
  const d = person.discord;
  const admin = person.user;
  const click = (user: FakeUser, customId: string, channelId = d.channels.main) => () => person.answer(d.click(user, customId, { channelId }));
  // Paging buttons live on a /drafts list: forged ids are pressed on a real one.
  const page = (customId: string) => () => person.answer(d.click(admin, customId, { messageId: o.draftsListMessageId }));
  const modal = (user: FakeUser, customId: string, fields: Record<string, string>, channelId = d.channels.main) => () => person.answer(d.submitModal(user, customId, fields, { channelId }));
  const actions = ['approve', 'reject', 'regenerate', 'edit', 'mark_published', 'publish_again'];
  return [
    ...actions.map((a): Case => ({ what: `${a} on a draft that does not exist`, expect: 'refuse', run: click(admin, `draft:${a}:cnosuchdraft000000000000`) })),
    ...actions.map((a): Case => ({ what: `${a} replayed on a published draft`, expect: 'refuse', run: click(admin, `draft:${a}:${o.publishedDraftId}`) })),
    ...actions.map((a): Case => ({ what: `${a} by a member without Manage Server or an approver role`, expect: 'refuse', run: click(o.member, `draft:${a}:${o.pendingDraftId}`) })),
    ...actions.map((a): Case => ({ what: `${a} from a channel the account is not linked to`, expect: 'refuse', run: click(admin, `draft:${a}:${o.pendingDraftId}`, o.otherChannel) })),
    { what: 'a draft id of 200 characters', expect: 'refuse', run: click(admin, `draft:approve:${'x'.repeat(200)}`) },
    { what: 'a draft id that is SQL', expect: 'refuse', run: click(admin, `draft:approve:'; DROP TABLE "Draft"; --`) },
    { what: 'an action the bot does not have', expect: 'refuse', run: click(admin, `draft:publish_now:${o.pendingDraftId}`) },
    // The picture buttons (issue 13): a slot the draft does not have, a published draft, a member, another channel.
    { what: 'regenerate an image slot the draft does not have', expect: 'refuse', run: click(admin, `img:regen:${o.pendingDraftId}:19`) },
    { what: 'go on without an image of a published draft', expect: 'refuse', run: click(admin, `img:drop:${o.publishedDraftId}:1`) },
    { what: 'regenerate an image by a member without an approver role', expect: 'refuse', run: click(o.member, `img:regen:${o.pendingDraftId}:1`) },
    { what: 'add photos to a draft from a channel it is not linked to', expect: 'refuse', run: click(admin, `img:add:${o.pendingDraftId}`, o.otherChannel) },
    { what: 'an image slot of 100', expect: 'refuse', run: click(admin, `img:regen:${o.pendingDraftId}:100`) },
    { what: 'retry on a dead letter that does not exist', expect: 'refuse', run: click(admin, 'dlq:retry:cnosuchletter00000000000') },
    { what: 'discard on a dead letter that does not exist', expect: 'refuse', run: click(admin, 'dlq:discard:cnosuchletter00000000000') },
    { what: 'drafts page 9999', expect: 'clear', run: page('drafts:page:9999:-:-') },
    { what: 'drafts page for an account that does not exist', expect: 'clear', run: page('drafts:page:0:nosuchblog:-') },
    { what: 'drafts page with an unknown status', expect: 'clear', run: page('drafts:page:0:-:nosuchstatus') },
    { what: 'a custom id of another bot', expect: 'refuse', run: click(admin, 'giveaway:enter:1') },
    {
      what: 'a forged login modal from a member without Manage Server',
      expect: 'refuse',
      run: modal(o.member, `account:login:${o.accountRef}`, { username: 'attacker-id', password: 'attacker-pw' }),
    },
    { what: 'a login modal with a password of 1000 characters', expect: 'refuse', run: modal(admin, `account:login:${o.accountRef}`, { username: 'someone', password: 'p'.repeat(1000) }) },
    { what: 'a login modal with an empty password', expect: 'refuse', run: modal(admin, `account:login:${o.accountRef}`, { username: 'someone', password: '' }) },
    { what: 'a login modal for an account that does not exist', expect: 'refuse', run: modal(admin, 'account:login:nosuchblog', { username: 'someone', password: 'pw' }) },
    { what: 'an edit modal with a title of 5000 characters', expect: 'refuse', run: modal(admin, `draft:edit:${o.pendingDraftId}`, { title: 'T'.repeat(5000), body: '본문' }) },
    { what: 'an edit modal with a body of 100000 characters', expect: 'refuse', run: modal(admin, `draft:edit:${o.pendingDraftId}`, { title: '제목', body: '본문 '.repeat(33_334) }) },
    { what: 'an edit modal from a member without the right', expect: 'refuse', run: modal(o.member, `draft:edit:${o.pendingDraftId}`, { title: '탈취', body: '본문' }) },
    { what: 'an edit modal for a published draft', expect: 'refuse', run: modal(admin, `draft:edit:${o.publishedDraftId}`, { title: '바꿔치기', body: '본문' }) },
    { what: 'a modal the bot never shows', expect: 'refuse', run: modal(admin, 'evil:modal:1', { anything: 'x' }) },
  ];
}
