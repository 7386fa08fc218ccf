// Who may press and submit what. Every button and modal custom id the bot knows is forged by members who lack
// the permission its handler names (sent straight to the real discord.js client, never shown to them), and the
// server refuses it with one sentence and changes nothing: no credentials, no status, no draft change, no job.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { componentHandlers } from '../../src/discord/components/index.ts';
import { DLQ_ACTIONS, DRAFT_ACTIONS, IMAGE_ACTIONS, RELAY_ACTIONS, addPhotosId, checksId, imageCustomId, dlqId, draftId, draftsPageId, loginModalId, relayCustomId } from '../../src/discord/custom-ids.ts';
import { createRouter } from '../../src/discord/router.ts';
import type { BotContext } from '../../src/discord/context.ts';
import type { AnyComponentHandler } from '../../src/discord/components/registry.ts';
import { queueName } from '../../src/queues/jobs.ts';
import type { FakeUser } from '../fakes/fake-discord/index.ts';
import { startWorld, type World } from './support/discord-world.ts';

let w: World;
const ids = { account: '', draft: '', deadLetter: '' };

before(async () => {
  w = await startWorld();
  ids.account = await w.addAccount('guardblog', w.fake.channels.main, 'Guard');
  // The approver-role member may approve for this account, and is still no manager of it.
  await w.run(w.admin, 'account', 'settings', { account: 'guardblog', approver_role: { role: w.fake.roles.approver } });
  // As in the report: an account waiting for a login, whose drafts would be re-queued by a stored login.
  await w.harness.db.account.update({ where: { id: ids.account }, data: { status: 'needs_login' } });
  const draft = await w.harness.db.draft.create({
    data: { accountId: ids.account, topic: '지키는 글', title: '원래 제목', body: [{ type: 'paragraph', text: '원래 본문' }], status: 'pending_approval' },
  });
  ids.draft = draft.id;
  const letter = await w.harness.db.deadLetter.create({
    data: { queue: queueName('generate', ids.account), jobId: 'forged-1', jobName: 'generate', accountId: ids.account, payload: { accountId: ids.account, topic: '죽은 글' }, errorClass: 'timeout', errorMessage: 'took too long', attempts: 3 },
  });
  ids.deadLetter = letter.id;
});
after(async () => {
  await w?.stop();
});

interface Forged {
  /** How the test names it. */
  label: string;
  kind: 'button' | 'modal';
  customId: () => string;
  fields?: Record<string, string>;
}

/** Every custom id the bot writes, with the ids of this file's account, draft and dead letter. */
const FORGED: Forged[] = [
  ...DRAFT_ACTIONS.map((a): Forged => ({ label: `draft:${a}`, kind: 'button', customId: () => draftId(a, ids.draft) })),
  { label: 'draft:edit (the form)', kind: 'modal', customId: () => draftId('edit', ids.draft), fields: { title: '위조한 제목', body: '위조한 본문' } },
  ...DLQ_ACTIONS.map((a): Forged => ({ label: `dlq:${a}`, kind: 'button', customId: () => dlqId(a, ids.deadLetter) })),
  { label: 'drafts:page', kind: 'button', customId: () => draftsPageId({ page: 0, accountRef: null, status: null }) },
  { label: 'drafts:page (flagged only)', kind: 'button', customId: () => draftsPageId({ page: 0, accountRef: null, status: null, flagged: true }) },
  { label: 'checks:show (Check details)', kind: 'button', customId: () => checksId(ids.draft) },
  // The picture buttons (issue 13): Regenerate image / Go on without it on one slot, and Add photos.
  ...IMAGE_ACTIONS.map((a): Forged => ({ label: `img:${a}`, kind: 'button', customId: () => imageCustomId(a, ids.draft, 1) })),
  { label: 'img:add (Add photos)', kind: 'button', customId: () => addPhotosId(ids.draft) },
  { label: 'account:login by id', kind: 'modal', customId: () => loginModalId(ids.account), fields: { username: 'forger', password: 'forged-pass1' } },
  { label: 'account:login by blog id', kind: 'modal', customId: () => loginModalId('guardblog'), fields: { username: 'forger', password: 'forged-pass2' } },
  // The login relay's buttons and its answer form (a relay id that waits nowhere: the permission comes first).
  ...RELAY_ACTIONS.filter((a) => a !== 'submit').map((a): Forged => ({ label: `relay:${a}`, kind: 'button', customId: () => relayCustomId(a, ids.account, 'forgedRelay01') })),
  { label: 'relay:submit (the answer form)', kind: 'modal', customId: () => relayCustomId('submit', ids.account, 'forgedRelay01'), fields: { answer: 'FORGED-ANSWER' } },
];

function handlerOf(f: Forged): AnyComponentHandler | undefined {
  return componentHandlers.find((h) => h.kind === f.kind && h.parse(f.customId()) !== null);
}

/** Who lacks each permission (a channel member lacks none: what such a handler shows is limited to the channel). */
const OUTSIDERS: Record<string, () => Array<{ who: string; user: FakeUser; refusal: RegExp }>> = {
  manage_server: () => [
    { who: 'a member', user: w.member, refusal: /Only members with the Manage Server permission/ },
    { who: 'an approver without Manage Server', user: w.approver, refusal: /Only members with the Manage Server permission/ },
  ],
  approver: () => [{ who: 'a member without an approver role', user: w.member, refusal: /Manage Server permission or an approver role/ }],
  channel_member: () => [],
};

async function snapshot() {
  const db = w.harness.db;
  const account = await db.account.findUniqueOrThrow({ where: { id: ids.account } });
  const draft = await db.draft.findUniqueOrThrow({ where: { id: ids.draft } });
  const letter = await db.deadLetter.findUniqueOrThrow({ where: { id: ids.deadLetter } });
  const jobs = async (kind: 'generate' | 'publish') => w.harness.core.queues.queue(kind, ids.account).getJobCounts();
  return {
    account: { credentials: account.credentialsEnc, session: account.sessionEnc, status: account.status, updatedAt: account.updatedAt.getTime() },
    draft: { status: draft.status, title: draft.title, body: draft.body, regenerations: draft.regenerations, updatedAt: draft.updatedAt.getTime() },
    letter: { resolvedAt: letter.resolvedAt, resolution: letter.resolution },
    drafts: await db.draft.count(),
    events: await db.draftEvent.count(),
    jobs: { generate: await jobs('generate'), publish: await jobs('publish') },
  };
}

async function forge(f: Forged, user: FakeUser) {
  const i =
    f.kind === 'button'
      ? w.fake.click(user, f.customId(), { channelId: w.fake.channels.main })
      : w.fake.submitModal(user, f.customId(), f.fields ?? {}, { channelId: w.fake.channels.main });
  return w.fake.waitForAnswer(i);
}

describe('every button and modal checks its permission on the server', () => {
  test('every button and modal handler names a permission and has a forged case in this file', () => {
    for (const h of componentHandlers) {
      assert.ok(h.permission && OUTSIDERS[h.permission.name], `${h.name} names a known permission`);
      assert.ok(FORGED.some((f) => f.kind === h.kind && h.parse(f.customId()) !== null), `${h.name} has a forged case in FORGED`);
    }
    for (const f of FORGED) assert.ok(handlerOf(f), `${f.label} is a custom id the bot knows`);
  });

  for (const f of FORGED) {
    test(`a forged ${f.label} ${f.kind === 'button' ? 'click' : 'submit'} from a member without its permission is refused and changes nothing`, async () => {
      const handler = handlerOf(f)!;
      const outsiders = OUTSIDERS[handler.permission.name]!();
      if (outsiders.length === 0) {
        // Nobody lacks it: a member's click is answered and still changes nothing.
        const before = await snapshot();
        const i = await forge(f, w.member);
        assert.equal(i.late, false);
        assert.deepEqual(await snapshot(), before);
        return;
      }
      for (const { who, user, refusal } of outsiders) {
        const before = await snapshot();
        const i = await forge(f, user);
        assert.ok(w.fake.answerIsEphemeral(i), `${who}: the refusal is private`);
        assert.match(w.fake.answerText(i), refusal, `${who}: ${w.fake.answerText(i)}`);
        // The refusal is the handler's last word: nothing can change after it.
        assert.deepEqual(await snapshot(), before, `${who}: nothing changed`);
      }
    });
  }

  test('a forged login form from a member stores no credentials and leaves the account waiting for a login', async () => {
    const i = await forge(FORGED.find((f) => f.label === 'account:login by blog id')!, w.member);
    assert.doesNotMatch(w.fake.answerText(i), /Saved the login/);
    const account = await w.harness.db.account.findUniqueOrThrow({ where: { id: ids.account } });
    assert.equal(account.credentialsEnc, null);
    assert.equal(account.status, 'needs_login');
  });

  test('the same login form from a member with Manage Server is saved', async () => {
    const i = await forge(FORGED.find((f) => f.label === 'account:login by id')!, w.admin);
    assert.match(w.fake.answerText(i), /Saved the login for Guard \(guardblog\)/);
    assert.ok((await w.harness.db.account.findUniqueOrThrow({ where: { id: ids.account } })).credentialsEnc);
  });

  test('/account changes are refused on the server to a member without Manage Server', async () => {
    const settings = await w.run(w.approver, 'account', 'settings', { account: 'guardblog', auto_approve: true });
    assert.match(w.fake.answerText(settings), /Only members with the Manage Server permission/);
    const state = { cookies: [{ name: 'NID_AUT', value: 'a', domain: '.naver.com', path: '/' }], origins: [] };
    const session = await w.run(w.approver, 'account', 'session', { account: 'guardblog', file: w.fake.attachment('state.json', JSON.stringify(state)) });
    assert.match(w.fake.answerText(session), /Only members with the Manage Server permission/);
    const account = await w.harness.db.account.findUniqueOrThrow({ where: { id: ids.account } });
    assert.equal(account.autoApprove, false);
    assert.equal(account.sessionEnc, null);
  });

  test('a button or modal handler that names no permission stops the bot from starting', () => {
    const careless = { name: 'careless', kind: 'button', parse: () => ({}), ack: 'update', run: async () => undefined } as unknown as AnyComponentHandler;
    assert.throws(() => createRouter(new Map(), [...componentHandlers, careless], {} as BotContext), /"careless" declares no permission/);
  });
});
