// The editor check (an `editor_check` job in the account's publish queue): the editor dry run with a fixed
// sample article, step by step, with the selector that found each part of NAVER's pages. `/account check`
// answers the channel that asked; the daily check compares with its previous run and tells the channels only
// when something broke, broke differently, moved to a fallback selector, or works again after a failure.
import type { Job } from 'bullmq';
import type { Domain } from '../domain.ts';
import type { Article } from '../article.ts';
import type { ArticlePublisher, DryRunResult, EditorCheckNotice } from '../ports.ts';
import type { Prisma } from '../db/client.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { editorCheckJobSchema, parsePayload } from '../queues/jobs.ts';
import { dryRunWithin } from './dry-run-within.ts';

/** What the check types into the editor. It is never published: the run stops before the final click. */
export const CHECK_ARTICLE: Article = {
  title: 'Blog Autopilot editor check (never published)',
  blocks: [
    { type: 'heading', text: 'Editor check' },
    { type: 'paragraph', text: 'Blog Autopilot fills the editor to see that every part is where it expects it. This is never published.' },
    { type: 'list', ordered: false, items: ['title', 'body', 'tags'] },
    { type: 'quote', text: 'checking' },
  ],
  tags: ['editorcheck', 'blogautopilot'],
};

export interface EditorCheckDeps extends Domain {
  publisher: ArticlePublisher;
  publishTimeoutMs: number;
}

type Alert = EditorCheckNotice['alert'] | null;

/** Two runs that saw the same editor have the same signature: every step, its outcome and its selector. */
export function checkSignature(result: Pick<DryRunResult, 'steps'>): string {
  return result.steps.map((s) => `${s.step}:${s.outcome}:${s.selector ?? ''}`).join('|');
}

/**
 * What the daily check tells the channels, given its previous run: a first run that passes, and a run that
 * saw what the previous one saw, say nothing; a failure says so once (again only if a different step breaks);
 * the first pass after a failure says it is fixed; a pass on other selectors than before says the editor changed.
 */
export function dailyAlert(previous: { ok: boolean; failedStep: string | null; signature: string } | null, now: { ok: boolean; failedStep: string | null; signature: string }): Alert {
  if (!previous) return now.ok ? null : 'broken';
  if (previous.ok && now.ok) return previous.signature === now.signature ? null : 'changed';
  if (previous.ok) return 'broken';
  if (now.ok) return 'fixed';
  return previous.failedStep === now.failedStep ? null : 'broken';
}

export async function checkEditor(d: EditorCheckDeps, job: Job): Promise<{ ok: boolean; alert: Alert }> {
  const payload = parsePayload(editorCheckJobSchema, job.data, 'editor check');
  const log = d.logger.child({ accountId: payload.accountId, jobId: job.id, queue: job.queueName, kind: payload.kind });
  const account = await d.db.account.findUnique({ where: { id: payload.accountId } });
  if (!account) return { ok: false, alert: null };
  const request = { accountId: account.id, blogId: account.blogId, label: `check-${payload.kind}`, purpose: 'check' as const, article: CHECK_ARTICLE, visibility: 'private' as const, category: null };
  const result: DryRunResult = !d.publisher.dryRun
    ? { ok: false, steps: [], failedStep: 'login', errorClass: 'check_unavailable', message: 'This replica has no browser to check the editor with.', savesBlocked: 0 }
    : await dryRunWithin(d.publisher.dryRun.bind(d.publisher), request, 'Checking the NAVER editor', d.publishTimeoutMs);
  const signature = checkSignature(result);
  const failedStep = result.ok ? null : (result.failedStep ?? null);
  const previous = payload.kind === 'daily'
    ? await d.db.editorCheck.findFirst({ where: { kind: 'daily', host: payload.host }, orderBy: { ranAt: 'desc' } })
    : null;
  const alert: Alert = payload.kind === 'manual' ? 'result' : dailyAlert(previous, { ok: result.ok, failedStep, signature });
  const ranAt = new Date();
  await d.db.editorCheck.create({
    data: {
      kind: payload.kind,
      host: payload.host,
      accountId: account.id,
      channelId: payload.channelId ?? null,
      ranAt,
      ok: result.ok,
      failedStep,
      signature,
      steps: result.steps as unknown as Prisma.InputJsonValue,
      alert: alert === 'result' ? null : alert,
    },
  });
  log[result.ok ? 'info' : 'warn']({ ok: result.ok, failedStep, errorClass: result.errorClass, alert }, 'editor check finished');
  if (!alert) return { ok: result.ok, alert };

  const accountChannels = await linkedChannels(d.db, account.id);
  let channelIds: string[];
  let accountsByChannel: Record<string, string[]> | undefined;
  if (payload.kind === 'manual') {
    channelIds = payload.channelId ? [payload.channelId] : [];
  } else {
    // The editor is the same for every account on the host: every channel hears about its own accounts.
    const links = await d.db.channelLink.findMany({ select: { channelId: true, account: { select: { blogId: true } } }, orderBy: { createdAt: 'asc' } });
    accountsByChannel = {};
    for (const l of links) (accountsByChannel[l.channelId] ??= []).push(l.account.blogId);
    channelIds = Object.keys(accountsByChannel);
  }
  await d.notifier.notify({
    kind: 'editor_check',
    check: {
      kind: payload.kind,
      alert,
      channelIds,
      blogId: account.blogId,
      ok: result.ok,
      steps: result.steps,
      failedStep,
      errorClass: result.ok ? null : (result.errorClass ?? null),
      message: result.ok ? null : (result.message ?? null),
      ...(accountsByChannel ? { accountsByChannel } : {}),
      // The picture shows this account's editor: only its own channels see it.
      screenshotChannelIds: payload.kind === 'manual' ? channelIds : accountChannels,
      screenshotPath: result.screenshotPath ?? null,
      ranAt,
    },
  });
  return { ok: result.ok, alert };
}
