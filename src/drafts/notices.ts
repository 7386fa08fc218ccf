// Builds what the notifier needs to show a draft from the database, so every channel message is rendered
// from PostgreSQL (the source of truth), never from whatever a job happened to hold in memory.
import type { Db } from '../db/client.ts';
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

export async function draftNotice(db: Db, draftId: string, actor: string, action: string): Promise<DraftNotice | null> {
  const draft = await db.draft.findUnique({ where: { id: draftId }, include: { account: true, preview: true } });
  if (!draft) return null;
  return {
    draftId: draft.id,
    accountId: draft.accountId,
    blogId: draft.account.blogId,
    accountLabel: draft.account.label,
    channelIds: await linkedChannels(db, draft.accountId),
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
    preview: previewStateOf(draft),
    checks: reportOf(draft.checks),
  };
}
