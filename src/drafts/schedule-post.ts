// /schedule post: the draft is saved (status generating) before its generate job is added.
import type { Domain } from '../domain.ts';
import type { Actor, DraftSummary } from '../service-api.ts';
import { ApproverRequiredError, UserInputError } from '../refusals.ts';
import { mayApprove } from '../channel-scope.ts';
import type { DraftRequestLimit } from './request-limit.ts';
import { accountInChannel } from '../channel-scope.ts';
import { requestDraftGeneration } from '../drafts/jobs.ts';
import { checkKeywords } from '../limits.ts';
import { checkTopic } from './topic.ts';
import { recordEvent } from './state-machine.ts';
import { newId } from './transition-sql.ts';
import { sql } from '../db/sql.ts';
import { checkPhotos, storePhotos } from '../images/store.ts';
import type { UploadedPhoto } from '../image-shapes.ts';

export async function schedulePost(
  d: Pick<Domain, 'db' | 'queues'> & { requestLimit: DraftRequestLimit },
  input: { accountRef: string; topic: string; keywords: string[]; publishAt: Date | null; photos?: UploadedPhoto[] },
  actor: Actor,
): Promise<DraftSummary> {
  const topic = checkTopic(input.topic);
  const keywords = checkKeywords(input.keywords);
  if (input.publishAt && input.publishAt.getTime() < Date.now() - 60_000) throw new UserInputError('publish_at_past');
  const account = await accountInChannel(d.db, input.accountRef, actor.channelId);
  if (account.status === 'disabled') throw new UserInputError('account_disabled', { blogId: account.blogId });
  // An auto-approving account publishes what is scheduled with no human in between: only approvers may.
  if (account.autoApprove && !mayApprove(actor, account.approverRoleIds)) throw new ApproverRequiredError(account.blogId);
  // Every photo is checked and resized before anything is saved: one bad file refuses the request whole.
  const photos = await checkPhotos(input.photos ?? []);
  const slot = await d.requestLimit.take(actor);
  const draft = { id: newId(), accountId: account.id, topic, keywords, regenerations: 0, createdAt: new Date() };
  const requested = { topic, keywords, publishAt: input.publishAt?.toISOString() ?? null, photos: photos.length };
  await slot.unlessFails(async () => {
    if (photos.length) {
      // With photos: the draft, its event and its pictures in one transaction.
      await d.db.$transaction(async (tx) => {
        await tx.draft.create({
          data: { id: draft.id, accountId: account.id, topic, keywords, publishAt: input.publishAt, requestedBy: actor.userId, originChannelId: actor.channelId, createdAt: draft.createdAt },
        });
        await recordEvent(tx, draft.id, actor.userId, 'requested', requested);
        await storePhotos(tx, draft.id, photos, 1);
      });
      return;
    }
    // Without: the draft and its `requested` event in one statement (atomic, no transaction round trips).
    await sql(
      d.db,
      `WITH created AS (
        INSERT INTO "Draft" ("id", "accountId", "topic", "keywords", "publishAt", "requestedBy", "originChannelId", "createdAt", "updatedAt")
        VALUES ($1, $2, $3, $4::text[], $5::timestamp(3), $6, $7, $8::timestamp(3), $8::timestamp(3))
        RETURNING "id")
      INSERT INTO "DraftEvent" ("id", "draftId", "actor", "action", "detail", "createdAt")
      SELECT $9, created."id", $6, 'requested', $10::jsonb, $8::timestamp(3) FROM created`,
      draft.id,
      account.id,
      topic,
      keywords,
      input.publishAt?.toISOString() ?? null,
      actor.userId,
      actor.channelId,
      draft.createdAt.toISOString(),
      newId(),
      JSON.stringify(requested),
    );
  });
  await requestDraftGeneration(d.queues, draft, { requestedBy: actor.userId, channelId: actor.channelId });
  // What was just written, as draftSummary would read it back: a new draft has nothing else yet.
  return {
    id: draft.id,
    accountId: account.id,
    blogId: account.blogId,
    status: 'generating',
    topic,
    title: null,
    article: null,
    publishAt: input.publishAt,
    publishedUrl: null,
    createdAt: draft.createdAt,
    lastError: null,
    preview: null,
    checks: null,
    flags: [],
  };
}
