import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { transition, transitions, canTransition, transitionWithNotice } from '../../src/drafts/state-machine.ts';
import { draftNotice } from '../../src/drafts/notices.ts';
import { IllegalTransitionError } from '../../src/errors.ts';
import { countStatements } from '../../bench/support/statements.ts';

let t: TestDatabase;
let accountId: string;
before(async () => {
  t = await createTestDatabase();
  accountId = (await t.db.account.create({ data: { blogId: 'statemachine' } })).id;
});
after(async () => {
  await t.drop();
});

test('the transition table is the product flow with its side exits', () => {
  assert.ok(canTransition('generating', 'pending_approval'));
  assert.ok(canTransition('pending_approval', 'approved'));
  assert.ok(canTransition('approved', 'publishing'));
  assert.ok(canTransition('publishing', 'published'));
  assert.ok(canTransition('publishing', 'publish_unconfirmed'));
  assert.deepEqual(transitions.published, []);
  assert.deepEqual(transitions.rejected, []);
  assert.ok(!canTransition('pending_approval', 'published'), 'approval cannot be skipped');
  assert.ok(!canTransition('publish_unconfirmed', 'publishing'), 'an unknown outcome is never retried blindly');
});

test('an illegal transition is refused with a clear error and changes nothing', async () => {
  const draft = await t.db.draft.create({ data: { accountId, topic: 't' } });
  await assert.rejects(
    transition(t.db, { draftId: draft.id, to: 'published', actor: 'u1', action: 'published' }),
    (err: unknown) => err instanceof IllegalTransitionError && /cannot go from generating to published/.test(err.message),
  );
  assert.equal((await t.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status, 'generating');
  assert.equal(await t.db.draftEvent.count({ where: { draftId: draft.id } }), 0);
});

test('every transition writes its event in the same transaction', async () => {
  const draft = await t.db.draft.create({ data: { accountId, topic: 't' } });
  await transition(t.db, { draftId: draft.id, to: 'pending_approval', actor: 'system', action: 'submitted', data: { title: '제목' } });
  const events = await t.db.draftEvent.findMany({ where: { draftId: draft.id } });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.fromStatus, 'generating');
  assert.equal(events[0]!.toStatus, 'pending_approval');
  assert.equal((await t.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).title, '제목');

  // When the event cannot be written (a trigger refuses it here), the status change is rolled back too.
  await t.db.$executeRawUnsafe(`CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.action = 'boom' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await t.db.$executeRawUnsafe(`CREATE TRIGGER refuse_boom BEFORE INSERT ON "DraftEvent" FOR EACH ROW EXECUTE FUNCTION refuse_boom()`);
  await assert.rejects(transition(t.db, { draftId: draft.id, to: 'approved', actor: 'u', action: 'boom' }));
  assert.equal((await t.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status, 'pending_approval');
});

test('two racing transitions from the same status: exactly one wins', async () => {
  const draft = await t.db.draft.create({ data: { accountId, topic: 't', status: 'pending_approval' } });
  const results = await Promise.allSettled(
    Array.from({ length: 5 }, (_, i) => transition(t.db, { draftId: draft.id, to: 'approved', from: ['pending_approval'], actor: `u${i}`, action: 'approved' })),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.equal(await t.db.draftEvent.count({ where: { draftId: draft.id, action: 'approved' } }), 1);
});

test('a transition that returns its card shows what a read after it shows, in one statement', async () => {
  await t.db.channelLink.create({ data: { channelId: 'ch-card', accountId, createdBy: 'u1' } });
  const draft = await t.db.draft.create({ data: { accountId, topic: 't', status: 'approved', publishAt: new Date('2030-01-01T00:00:00Z') } });
  const statements = countStatements();
  const { from, notice } = await transitionWithNotice(t.db, { draftId: draft.id, to: 'publishing', actor: 'system', action: 'publish_started', data: { lastError: null } });
  assert.equal(statements.read(), 1, 'the change, its event and the card in one round trip');
  assert.equal(from, 'approved');
  assert.deepEqual(notice, await draftNotice(t.db, draft.id, 'system', 'publish_started'));
  assert.equal(notice?.status, 'publishing');
  assert.deepEqual(notice?.channelIds, ['ch-card']);
  await assert.rejects(
    transitionWithNotice(t.db, { draftId: draft.id, to: 'publishing', from: ['approved'], actor: 'system', action: 'publish_started' }),
    IllegalTransitionError,
  );
});
