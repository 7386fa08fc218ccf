// Builds what the notifier needs to show a draft from the database, so every channel message is rendered
// from PostgreSQL (the source of truth), never from whatever a job happened to hold in memory: one statement.
import type { Db } from '../db/client.ts';
import { sql } from '../db/sql.ts';
import { articleSchema, type Article } from '../article.ts';
import type { DraftNotice } from '../ports.ts';
import { previewStateOf } from './preview-state.ts';
import { reportOf } from './checks/report.ts';

export async function linkedChannels(db: Db, accountId: string): Promise<string[]> {
  const links = await db.channelLink.findMany({ where: { accountId }, select: { channelId: true }, orderBy: { createdAt: 'asc' } });
  return links.map((l) => l.channelId);
}

export function articleOf(draft: { title: string | null; body: unknown; tags: string[] }): Article | null {
  if (!draft.title || !draft.body) return null;
  const parsed = articleSchema.safeParse({ title: draft.title, blocks: draft.body, tags: draft.tags });
  return parsed.success ? parsed.data : null;
}

/** The columns a notice shows, read in one statement (draft, account, channels, preview). */
export interface NoticeRow {
  id: string;
  accountId: string;
  status: string;
  topic: string;
  title: string | null;
  body: unknown;
  tags: string[];
  plannedAt: Date | null;
  publishAt: Date | null;
  publishedUrl: string | null;
  lastError: string | null;
  lastErrorClass: string | null;
  screenshotPath: string | null;
  liveCheck: string | null;
  liveScreenshotPath: string | null;
  liveCheckedAt: Date | null;
  liveCheckDetail: string | null;
  searchCheck: string | null;
  searchCheckedAt: Date | null;
  searchFoundAt: Date | null;
  searchPosition: number | null;
  publishedAt: Date | null;
  checks: unknown;
  blogId: string;
  label: string | null;
  visibility: string;
  category: string | null;
  channelIds: string[];
  previewStatus: string | null;
  previewTakenAt: Date | null;
  previewFingerprint: string | null;
  previewFailedStep: string | null;
  previewErrorClass: string | null;
}

/**
 * The columns of a notice, from a draft row `d` (the Draft table, or a transition's updated row) with its account
 * `a` and its preview `p` (LEFT JOINed): one list for the notice read and for a transition that returns its card.
 */
export const NOTICE_COLUMNS = `d."id", d."accountId", d."status"::text AS "status", d."topic", d."title", d."body", d."tags", d."plannedAt", d."publishAt",
      d."publishedUrl", d."lastError", d."lastErrorClass", d."screenshotPath", d."liveCheck", d."liveScreenshotPath", d."liveCheckedAt",
      d."liveCheckDetail", d."searchCheck", d."searchCheckedAt", d."searchFoundAt", d."searchPosition", d."publishedAt", d."checks",
      a."blogId", a."label", a."visibility"::text AS "visibility", a."category",
      ARRAY(SELECT l."channelId" FROM "ChannelLink" l WHERE l."accountId" = d."accountId" ORDER BY l."createdAt") AS "channelIds",
      p."status" AS "previewStatus", p."takenAt" AS "previewTakenAt", p."fingerprint" AS "previewFingerprint",
      p."failedStep" AS "previewFailedStep", p."errorClass" AS "previewErrorClass"`;

/** The tables a notice is read from, under the aliases NOTICE_COLUMNS names (a draft with its account and preview). */
export const NOTICE_FROM = `FROM "Draft" d JOIN "Account" a ON a."id" = d."accountId" LEFT JOIN "DraftPreview" p ON p."draftId" = d."id"`;

export async function draftNotice(db: Db, draftId: string, actor: string, action: string): Promise<DraftNotice | null> {
  const [draft] = await sql<NoticeRow>(
    db,
    `SELECT ${NOTICE_COLUMNS}
    ${NOTICE_FROM}
    WHERE d."id" = $1`,
    draftId,
  );
  return draft ? noticeOf(draft, actor, action) : null;
}

/** The notice of a row read with NOTICE_COLUMNS. */
export function noticeOf(draft: NoticeRow, actor: string, action: string): DraftNotice {
  const preview = draft.previewStatus === null ? null : { status: draft.previewStatus, takenAt: draft.previewTakenAt, fingerprint: draft.previewFingerprint, failedStep: draft.previewFailedStep, errorClass: draft.previewErrorClass };
  return {
    draftId: draft.id,
    accountId: draft.accountId,
    blogId: draft.blogId,
    accountLabel: draft.label,
    channelIds: draft.channelIds,
    status: draft.status,
    topic: draft.topic,
    title: draft.title,
    article: articleOf(draft),
    publishAt: draft.plannedAt ?? draft.publishAt,
    publishedUrl: draft.publishedUrl,
    errorClass: draft.lastErrorClass,
    errorMessage: draft.lastError,
    // Not open to visitors: what a visitor got is the picture that matters.
    screenshotPath: (draft.liveCheck === 'not_live' ? draft.liveScreenshotPath : null) ?? draft.screenshotPath,
    actor,
    action,
    afterPublish:
      draft.liveCheck || draft.searchCheck
        ? {
            live: draft.liveCheck,
            liveCheckedAt: draft.liveCheckedAt,
            liveDetail: draft.liveCheckDetail,
            search: draft.searchCheck,
            searchCheckedAt: draft.searchCheckedAt,
            searchFoundAt: draft.searchFoundAt,
            searchPosition: draft.searchPosition,
            publishedAt: draft.publishedAt,
          }
        : null,
    preview: previewStateOf({ ...draft, account: { visibility: draft.visibility, category: draft.category }, preview }),
    checks: reportOf(draft.checks),
  };
}

/** The statuses whose card is shown again after Redis lost its data whatever their age: they wait on a person. */
const WAITING = `'pending_approval', 'publish_unconfirmed'`;
/** …and these, when they changed in the last day: a card that missed its update would show them wrongly. */
const SETTLED = `'generation_failed', 'publish_failed', 'published', 'rejected'`;

/**
 * The cards to show again when Redis lost the updates it owed (see JobNotices.resendAfterRedisLoss), each with its
 * last event's actor and action (a `submitted` card is posted where the channel has none). Drafts a job still
 * moves are left out: their job sends their next card. Most recent first, at most `limit`.
 */
export async function cardsToShowAgain(db: Db, limit = 500): Promise<DraftNotice[]> {
  const rows = await sql<NoticeRow & { actor: string | null; action: string | null }>(
    db,
    `SELECT ${NOTICE_COLUMNS}, e."actor", e."action"
    ${NOTICE_FROM}
    LEFT JOIN LATERAL (SELECT x."actor", x."action" FROM "DraftEvent" x WHERE x."draftId" = d."id" ORDER BY x."createdAt" DESC, x."id" DESC LIMIT 1) e ON true
    WHERE d."status" IN (${WAITING}) OR (d."status" IN (${SETTLED}) AND d."updatedAt" > $1::timestamp(3))
    ORDER BY d."updatedAt" DESC LIMIT $2`,
    new Date(Date.now() - 24 * 3_600_000),
    limit,
  );
  return rows.map((r) => noticeOf(r, r.actor ?? 'system', r.action ?? 'resent'));
}
