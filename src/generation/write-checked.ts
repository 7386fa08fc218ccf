// Writing a draft with its checks: the writer's article is checked against the account's own posts and NAVER's
// habits; one that is too close to an existing post is written again, once, told which titles to stay away from.
import type { Draft } from '../generated/prisma/client.ts';
import type { JobAccount } from './job-reads.ts';
import type { Domain } from '../domain.ts';
import type { ArticleWriter, WriteRequest, WrittenArticle } from '../ports.ts';
import { checkDraft, DEFAULT_QUALITY, type CheckedDraft } from '../drafts/checks/report.ts';
import { recentTitles } from '../drafts/checks/originality.ts';
import { withReferences } from '../drafts/checks/sources.ts';
import { referencesHeading } from './gemini/prompt.ts';
import { articleOf } from '../drafts/notices.ts';
import { bodyToText } from '../article.ts';
import type { GenerateJob } from '../queues/jobs.ts';
import { withTimeout } from '../timeout.ts';
import { allowsGenerated } from '../images/place.ts';
import { writerPreview } from '../images/process.ts';
import type { ImagePlan } from '../image-shapes.ts';

export interface WriteCheckedDeps extends Pick<Domain, 'db' | 'quality' | 'logger'> {
  writer: ArticleWriter;
  generateTimeoutMs: number;
}

export async function writeChecked(
  d: WriteCheckedDeps,
  account: JobAccount,
  /** hasPhotos false: the draft has none of the team's photos (known from the job's read; nothing to look up). */
  draft: Pick<Draft, 'id' | 'scheduleId'> & { hasPhotos?: boolean },
  payload: GenerateJob,
  previous: WriteRequest['previous'],
): Promise<{ written: WrittenArticle; checked: CheckedDraft }> {
  const settings = d.quality ?? DEFAULT_QUALITY;
  const request: WriteRequest = {
    account: {
      blogId: account.blogId,
      label: account.label,
      tone: account.tone,
      defaultTags: account.defaultTags,
      category: account.category,
      language: account.language,
      grounding: account.grounding,
      persona: account.persona,
      closingLine: account.closingLine,
      bannedPhrases: account.bannedPhrases,
      styleExamples: await styleExamples(d, account),
    },
    topic: payload.topic,
    keywords: payload.keywords,
    feedback: payload.feedback,
    previous,
    images: await imagePlan(d, account, draft.id, draft.hasPhotos),
  };
  // A recurring schedule writes on the same themes again and again: it is told what the blog already has.
  if (draft.scheduleId ?? payload.scheduleId) request.recentTitles = await recentTitles(d.db, account.id, draft.id);
  const write = (r: WriteRequest) => withTimeout('Writing the draft', d.generateTimeoutMs, (signal) => d.writer.write(r, signal));
  const check = (w: WrittenArticle, rewrittenAvoiding?: string[]) =>
    checkDraft(d.db, settings, {
      draftId: draft.id,
      accountId: account.id,
      article: w.article,
      keywords: payload.keywords,
      // The phrases the writer was told never to use are checked like the banned words.
      bannedWords: [...account.bannedWords, ...account.bannedPhrases],
      rewrittenAvoiding,
      grounding: w.grounding,
    });

  const first = await write(request);
  const firstCheck = await check(first);
  if (firstCheck.tooClose.length === 0) return finish(account, first, firstCheck);
  const avoid = firstCheck.tooClose.map((c) => c.title).filter(Boolean);
  d.logger.info({ draftId: draft.id, score: firstCheck.report.originality.score }, 'draft too close to an existing post; writing it again once');
  const second = await write({ ...request, avoidTitles: avoid });
  const usage = {
    promptTokens: first.usage.promptTokens + second.usage.promptTokens,
    outputTokens: first.usage.outputTokens + second.usage.outputTokens,
    totalTokens: first.usage.totalTokens + second.usage.totalTokens,
  };
  return finish(account, { ...second, usage }, await check(second, avoid));
}

/**
 * The account's AI-disclosure sentence and its "참고" block go at the end of the post, after the checks (which
 * judge the writing): the disclosure as its last paragraph, then the sources.
 */
function finish(account: JobAccount, written: WrittenArticle, checked: CheckedDraft): { written: WrittenArticle; checked: CheckedDraft } {
  let article = written.article;
  if (account.aiDisclosure) article = { ...article, blocks: [...article.blocks, { type: 'paragraph', text: account.aiDisclosure }] };
  const sources = written.grounding?.sources ?? [];
  if (account.referencesBlock && sources.length > 0) article = withReferences(article, sources, referencesHeading(account.language));
  return { written: { ...written, article }, checked };
}

/** The team's photos of the draft and the account's picture settings, as the writer is told them. */
async function imagePlan(d: Pick<Domain, 'db'>, account: JobAccount, draftId: string, hasPhotos = true): Promise<ImagePlan> {
  const rows = !hasPhotos ? [] : await d.db.draftImage.findMany({ where: { draftId, source: 'photo', status: 'ok' }, orderBy: { slot: 'asc' } });
  // The writer sees each photo (small), so the place and caption it gives fit what the picture shows.
  const photos = await Promise.all(rows.map(async (p) => ({ slot: p.slot, name: p.fileName ?? `photo ${p.slot}`, ...(p.bytes ? { preview: await writerPreview(p.bytes) } : {}) })));
  const none = account.imagesMode === 'none';
  return { photos, min: none ? 0 : account.imagesMin, max: none ? 0 : account.imagesMax, generated: allowsGenerated(account.imagesMode) };
}

/** Characters of each style example the writer is shown: enough for the voice, not for copying. */
const EXAMPLE_CHARS = 1_200;

async function styleExamples(d: Pick<Domain, 'db'>, account: JobAccount): Promise<Array<{ title: string; text: string }>> {
  if (account.styleExampleIds.length === 0) return [];
  const posts = await d.db.draft.findMany({ where: { id: { in: account.styleExampleIds }, accountId: account.id, status: 'published' } });
  return posts.flatMap((p) => {
    const article = articleOf(p);
    return article ? [{ title: article.title, text: bodyToText(article.blocks).slice(0, EXAMPLE_CHARS) }] : [];
  });
}
