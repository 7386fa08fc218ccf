// /drafts: the channel's drafts, newest first, a page at a time.
import type { Db, Prisma } from '../db/client.ts';
import type { Draft } from '../generated/prisma/client.ts';
import type { DraftSummary } from '../service-api.ts';
import { UserInputError } from '../refusals.ts';
import { accountIdsInChannel, accountInChannel } from '../channel-scope.ts';
import { draftSummary } from './summary.ts';

const DRAFT_STATUSES = ['generating', 'pending_approval', 'approved', 'publishing', 'published', 'rejected', 'generation_failed', 'publish_failed', 'publish_unconfirmed'];

export async function listDrafts(
  db: Db,
  query: { channelId: string; accountRef?: string; status?: string; flagged?: boolean; page: number; pageSize: number },
): Promise<{ drafts: DraftSummary[]; total: number }> {
  const accountIds = query.accountRef ? [(await accountInChannel(db, query.accountRef, query.channelId)).id] : await accountIdsInChannel(db, query.channelId);
  if (query.status && !DRAFT_STATUSES.includes(query.status)) throw new UserInputError('draft_status_unknown', { status: query.status, known: DRAFT_STATUSES });
  const where: Prisma.DraftWhereInput = {
    accountId: { in: accountIds },
    ...(query.status ? { status: query.status as Draft['status'] } : {}),
    // Drafts whose checks flagged something (the flags of the text as it stands, after any edit).
    ...(query.flagged ? { NOT: { flags: { isEmpty: true } } } : {}),
  };
  const pageSize = Math.min(Math.max(query.pageSize, 1), 25);
  const [drafts, total] = await Promise.all([
    db.draft.findMany({ where, include: { account: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: Math.max(0, query.page) * pageSize, take: pageSize }),
    db.draft.count({ where }),
  ]);
  return { drafts: drafts.map(draftSummary), total };
}
