// What a generate job needs from PostgreSQL, in one statement: the job's account, its draft as the card shows it
// (so the "writing" notice needs no read of its own), and which pictures the draft has (without their bytes, so
// a draft without pictures costs no picture queries).
import type { Db } from '../db/client.ts';
import { sql } from '../db/sql.ts';
import type { Account } from '../generated/prisma/client.ts';
import { NOTICE_COLUMNS, NOTICE_FROM, type NoticeRow } from '../drafts/notices.ts';
import type { ImageRow } from '../image-shapes.ts';

/** The account as the writer, the checks and the pictures use it (no secrets, no bookkeeping times). */
export type JobAccount = Omit<Account, 'credentialsEnc' | 'sessionEnc' | 'sessionSavedAt' | 'createdAt' | 'updatedAt'>;

export type JobDraft = NoticeRow & { scheduleId: string | null };

export interface GenerateJobRead {
  /** Null: the account is gone. */
  account: JobAccount | null;
  /** Null: the draft is gone. */
  draft: JobDraft | null;
  /** By slot. */
  images: ImageRow[];
}

export async function readGenerateJob(db: Db, accountId: string, draftId: string): Promise<GenerateJobRead> {
  // The account of the job (its queue's), which is the draft's own in every job the service adds.
  const [row] = await sql<Partial<JobDraft> & { id: string | null; jobAccount: JobAccount | null; images: ImageRow[] }>(
    db,
    `SELECT (SELECT to_jsonb(x) - 'credentialsEnc' - 'sessionEnc' - 'sessionSavedAt' - 'createdAt' - 'updatedAt' FROM "Account" x WHERE x."id" = $1) AS "jobAccount", q.*
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (
      SELECT ${NOTICE_COLUMNS}, d."scheduleId",
        COALESCE((SELECT json_agg(json_build_object('slot', i."slot", 'source', i."source", 'status', i."status", 'fileName', i."fileName") ORDER BY i."slot")
          FROM "DraftImage" i WHERE i."draftId" = d."id"), '[]'::json) AS "images"
      ${NOTICE_FROM}
      WHERE d."id" = $2) AS q ON true`,
    accountId,
    draftId,
  );
  const { jobAccount, images, ...draft } = row!;
  return { account: jobAccount, draft: draft.id ? (draft as JobDraft) : null, images: images ?? [] };
}
