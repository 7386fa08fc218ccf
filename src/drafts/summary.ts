import type { DraftSummary } from '../service-api.ts';
import type { LoadedDraft } from '../channel-scope.ts';
import { articleOf } from './notices.ts';
import { previewStateOf } from './preview-state.ts';
import { reportOf } from './checks/report.ts';

export function draftSummary(d: LoadedDraft): DraftSummary {
  return {
    id: d.id,
    accountId: d.accountId,
    blogId: d.account.blogId,
    status: d.status,
    topic: d.topic,
    title: d.title,
    article: articleOf(d),
    publishAt: d.plannedAt ?? d.publishAt,
    publishedUrl: d.publishedUrl,
    createdAt: d.createdAt,
    lastError: d.lastError,
    preview: previewStateOf(d),
    checks: reportOf(d.checks),
    flags: d.flags,
  };
}
