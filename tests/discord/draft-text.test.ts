// Draft text in front of approvers, as the fake Discord received it: a masked link in any form shows its real
// address instead of disguising it, and nothing the bot sends can ping @everyone, a role or a member.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentError } from '../../src/errors.ts';
import { withoutMaskedLinks } from '../../src/discord/render/shown-text.ts';
import { buttons, messageText, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { startWorld, type World } from './support/discord-world.ts';

let w: World;
before(async () => {
  w = await startWorld();
  await w.addAccount('linkblog');
});
after(async () => {
  await w?.stop();
});

/** Every form Discord renders as a masked link, and the address each really leads to. */
const FORMS: [form: string, text: string, url: string][] = [
  ['plain', '[네이버 공식](https://evil.example/plain)', 'https://evil.example/plain'],
  ['angle brackets', '[네이버 공식](<https://evil.example/angle>)', 'https://evil.example/angle'],
  ['spaces and a title', '[네이버 공식]( https://evil.example/title "네이버" )', 'https://evil.example/title'],
  ['a line break in the text', '[네이버\n공식](https://evil.example/newline)', 'https://evil.example/newline'],
  ['nested brackets', '[[공지] 네이버](https://evil.example/nested)', 'https://evil.example/nested'],
  ['an escaped bracket', '[네이버\\] 공식](https://evil.example/escaped)', 'https://evil.example/escaped'],
  ['parentheses in the address', '[위키](https://evil.example/a_(b))', 'https://evil.example/a_(b)'],
  ['an address as the text', '[https://blog.naver.com](https://evil.example/lookalike)', 'https://evil.example/lookalike'],
  ['a link inside a link', '[바깥 [안쪽](https://evil.example/inner)](https://evil.example/outer)', 'https://evil.example/outer'],
];

/** What would render as a masked link: a `]` that opens a target, with or without space before it. */
const MASKED = /\]\s*\(/;

function visibleTexts(m: StoredMessage): string[] {
  return [m.content, ...m.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f: { name: string; value: string }) => [f.name, f.value])])];
}

function assertNoMaskedLink(m: StoredMessage, what: string): void {
  for (const text of visibleTexts(m)) assert.doesNotMatch(text, MASKED, `${what}: ${text}`);
}

/** Discord pings no one for a message whose allowed_mentions parses nothing and lists no user or role. */
function pingsNoOne(allowed: unknown): boolean {
  const a = allowed as { parse?: unknown; users?: unknown[]; roles?: unknown[] } | undefined;
  return Array.isArray(a?.parse) && a.parse.length === 0 && !a.users?.length && !a.roles?.length;
}

/** Message payloads the fake received (interaction responses, webhook edits and followups, channel messages). */
function sentPayloads(): Array<{ path: string; payload: { content?: unknown; allowed_mentions?: unknown } }> {
  return w.fake.requests.flatMap((r) => {
    if ((r.method !== 'POST' && r.method !== 'PATCH') || !r.body || typeof r.body !== 'object') return [];
    if (/\/callback$/.test(r.path)) return r.body.data ? [{ path: r.path, payload: r.body.data }] : [];
    return /^\/(webhooks|channels)\//.test(r.path) ? [{ path: r.path, payload: r.body }] : [];
  });
}

async function promptFor(topic: string): Promise<{ draftId: string; prompt: StoredMessage }> {
  const reply = await w.run(w.member, 'schedule', 'post', { account: 'linkblog', topic });
  const prompt = await w.fake.waitFor(() => {
    const m = w.fake.message(reply.originalId);
    // Five buttons, and Check details when the quality checks flagged the draft (a title over 40 characters).
    return m && buttons(m).length >= 5 ? m : null;
  }, 'the approval prompt');
  return { draftId: /draft:approve:(\S+)/.exec(buttons(prompt)[0]!.customId!)![1]!, prompt };
}

test('masked links in every form are shown as plain text with their real address', () => {
  for (const [form, text, url] of FORMS) {
    const shown = withoutMaskedLinks(text);
    assert.doesNotMatch(shown, MASKED, form);
    assert.ok(shown.includes(url), `${form}: ${shown}`);
  }
  assert.equal(withoutMaskedLinks('[네이버 공식](https://evil.example/plain)'), '네이버 공식 (https://evil.example/plain)');
  assert.equal(withoutMaskedLinks('괄호 (그대로) [대괄호]도 그대로'), '괄호 (그대로) [대괄호]도 그대로');
});

test('a draft whose title, body and topic hold masked links reaches approvers without a disguised link', async () => {
  w.harness.writer.script.push(async () => ({
    article: {
      title: '[네이버 공식 공지](https://evil.example/title-link)',
      blocks: [
        { type: 'heading', text: '[소제목](https://evil.example/heading)' },
        ...FORMS.map(([, text]) => ({ type: 'paragraph' as const, text })),
        { type: 'list', ordered: false, items: ['[목록](<https://evil.example/list>)'] },
        { type: 'quote', text: '[인용](https://evil.example/quote)' },
      ],
      tags: ['공지'],
    },
    model: 'fake-model',
    usage: { promptTokens: 1, outputTokens: 1, totalTokens: 2 },
  }));
  const { prompt } = await promptFor('[이벤트 당첨](https://evil.example/topic) 안내');
  assertNoMaskedLink(prompt, 'approval prompt');
  const text = messageText(prompt);
  for (const [form, , url] of FORMS) assert.ok(text.includes(url), `${form}: the real address is shown`);
  for (const url of ['https://evil.example/title-link', 'https://evil.example/heading', 'https://evil.example/list', 'https://evil.example/quote', 'https://evil.example/topic']) {
    assert.ok(text.includes(url), url);
  }
});

test('an approver’s Edit with a masked link is shown without a disguised link', async () => {
  const { draftId, prompt } = await promptFor('편집할 주제');
  const open = await w.fake.waitForAnswer(w.clickOn(w.admin, prompt, 'Edit'));
  w.fake.submitModal(w.admin, open.modal.custom_id, { title: '[고친 제목](https://evil.example/edit-title)', body: '고친 본문 [여기](<https://evil.example/edit-body>)' }, { messageId: prompt.id });
  const edited = await w.fake.waitFor(() => {
    const m = w.fake.message(prompt.id)!;
    return messageText(m).includes('고친 본문') ? m : null;
  }, `the edited draft ${draftId} in its message`);
  assertNoMaskedLink(edited, 'edited prompt');
  assert.ok(messageText(edited).includes('https://evil.example/edit-title'));
  assert.ok(messageText(edited).includes('https://evil.example/edit-body'));
});

test('NAVER’s refusal with a masked link and @everyone is shown with its real address and pings no one', async () => {
  const { draftId, prompt } = await promptFor('거부될 글');
  const refusal = `NAVER refused the post: @everyone <@&${w.fake.roles.approver}> <@${w.member.id}> [다시 로그인](https://evil.example/relogin).`;
  w.harness.publisher.failNext(new PermanentError(refusal, 'publish_rejected'));
  w.clickOn(w.admin, prompt, 'Approve');
  const failed = await w.fake.waitFor(() => {
    const m = w.fake.message(prompt.id)!;
    return m.content.includes('evil.example/relogin') ? m : null;
  }, `the refusal of ${draftId} in its message`);
  assertNoMaskedLink(failed, 'failed draft');
  assert.match(failed.content, /@everyone/, 'the text is shown as it is');
  const carrying = sentPayloads().filter((p) => String(p.payload.content ?? '').includes('evil.example/relogin'));
  assert.ok(carrying.length > 0);
  for (const p of carrying) assert.ok(pingsNoOne(p.payload.allowed_mentions), `${p.path}: ${JSON.stringify(p.payload.allowed_mentions)}`);
});

test('no message the bot sends can ping anyone: each one with text allows no mentions', async () => {
  // A label with mentions, echoed back in the reply (an interaction response edited with plain text).
  const added = await w.run(w.admin, 'account', 'add', { blog_id: 'pingblog', label: `@everyone <@&${w.fake.roles.approver}>` });
  assert.match(w.fake.answerText(added), /@everyone/);
  const withText = sentPayloads().filter((p) => typeof p.payload.content === 'string' && p.payload.content !== '');
  assert.ok(withText.length >= 5, `${withText.length} messages with text were sent`);
  for (const p of withText) {
    assert.ok(pingsNoOne(p.payload.allowed_mentions), `${p.path}: ${String(p.payload.content).slice(0, 80)} → ${JSON.stringify(p.payload.allowed_mentions)}`);
  }
});
