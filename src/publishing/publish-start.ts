// The publish job's first statement: read the draft and its account, and when the draft is approved and its
// account active, move it to publishing with its `publish_started` event, all at once. The job used to read
// first and move after (two round trips); the card for the move comes back from the same statement.
import type { Domain } from '../domain.ts';
import { sql } from '../db/sql.ts';
import type { Account, Draft } from '../generated/prisma/client.ts';
import type { DraftNotice } from '../ports.ts';
import { NOTICE_COLUMNS, noticeOf, type NoticeRow } from '../drafts/notices.ts';
import { newId } from '../drafts/transition-sql.ts';

/** The draft as the job found it (before any move) and its account. */
export type PublishJobDraft = Pick<Draft, 'id' | 'accountId' | 'status' | 'title' | 'body' | 'tags' | 'submittedAt'> &
  Pick<Account, 'blogId' | 'visibility' | 'category'> & { accountStatus: Account['status'] };

export interface PublishStart {
  draft: PublishJobDraft;
  /** The card after approved → publishing; null when the draft did not move (see `draft.status`). */
  started: DraftNotice | null;
}

type Row = { [K in keyof PublishJobDraft as `found_${K & string}`]: PublishJobDraft[K] } & { moved: number } & NoticeRow;

/**
 * Null when the draft is gone. The move happens only from approved, for a draft of `accountId` whose account is
 * active: anything else (publishing already, another status, a paused account, a payload naming another
 * account's draft) is left as it is for the job to decide on.
 */
export async function startPublishing(db: Domain['db'], draftId: string, accountId: string, attempt: number): Promise<PublishStart | null> {
  const now = new Date().toISOString();
  const [row] = await sql<Row>(
    db,
    `WITH cur AS (
      SELECT d."id", d."accountId", d."status", d."title", d."body", d."tags", d."submittedAt",
        a."blogId", a."visibility", a."category", a."status" AS "accountStatus"
      FROM "Draft" d JOIN "Account" a ON a."id" = d."accountId" WHERE d."id" = $1 FOR UPDATE OF d),
    -- The row by its id only: a status compared as text cannot lead a plan to the status index. A generic plan
    -- made while the table was small took it, and read every approved draft to move one.
    upd AS (UPDATE "Draft" AS d SET "status" = 'publishing', "updatedAt" = $2::timestamp(3) FROM cur
      WHERE d."id" = $1 AND d."id" = cur."id" AND d."status"::text = 'approved' AND cur."status" = 'approved'
        AND cur."accountId" = $3 AND cur."accountStatus" = 'active'
      RETURNING d.*),
    ev AS (INSERT INTO "DraftEvent" ("id", "draftId", "actor", "action", "fromStatus", "toStatus", "detail", "createdAt")
      SELECT $4, upd."id", 'system', 'publish_started', 'approved', 'publishing', $5::jsonb, $2::timestamp(3) FROM upd RETURNING 1)
    SELECT cur."id" AS "found_id", cur."accountId" AS "found_accountId", cur."status"::text AS "found_status",
      cur."title" AS "found_title", cur."body" AS "found_body", cur."tags" AS "found_tags", cur."submittedAt" AS "found_submittedAt",
      cur."blogId" AS "found_blogId", cur."visibility"::text AS "found_visibility", cur."category" AS "found_category",
      cur."accountStatus"::text AS "found_accountStatus", (SELECT count(*) FROM ev)::int AS "moved", ${NOTICE_COLUMNS}
    FROM cur LEFT JOIN upd AS d ON true LEFT JOIN "Account" a ON a."id" = d."accountId" LEFT JOIN "DraftPreview" p ON p."draftId" = d."id"`,
    draftId,
    now,
    accountId,
    newId(),
    JSON.stringify({ attempt }),
  );
  if (!row) return null;
  const draft: PublishJobDraft = {
    id: row.found_id,
    accountId: row.found_accountId,
    status: row.found_status,
    title: row.found_title,
    body: row.found_body,
    tags: row.found_tags,
    submittedAt: row.found_submittedAt,
    blogId: row.found_blogId,
    visibility: row.found_visibility,
    category: row.found_category,
    accountStatus: row.found_accountStatus,
  };
  return { draft, started: row.moved === 1 ? noticeOf(row, 'system', 'publish_started') : null };
}
