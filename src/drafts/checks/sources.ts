// Sources: the pages a grounded draft's facts came from, and its statements that none of them supports
// (a sentence is supported when a passage the grounding metadata marks as supported overlaps it).
import { blockTexts, type Article } from '../../article.ts';
import type { Grounding, Source, SourcesReport } from '../../draft-checks.ts';

export type { SourcesReport } from '../../draft-checks.ts';


/** Sentences of the paragraphs, lists and quotes (headings state nothing). */
export function statementsOf(article: Article): string[] {
  return article.blocks
    .filter((b) => b.type !== 'heading' && b.type !== 'image')
    .flatMap((b) => (b.type === 'list' ? b.items : blockTexts(b).flatMap((t) => t.split(/(?<=[.!?。])\s+/))))
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

export function sourcesReport(article: Article, g: Grounding): SourcesReport {
  const passages = g.supported.map(squeeze).filter((p) => p.length >= 4);
  const statements = statementsOf(article);
  const unsupported = statements.filter((s) => {
    const t = squeeze(s);
    return !passages.some((p) => t.includes(p) || p.includes(t));
  });
  return { queries: g.queries, sources: g.sources, supported: g.supported, statements: statements.length, unsupported };
}

/** The references block ("참고" on a Korean blog) a post ends with when its account wants its sources shown. */
export function withReferences(article: Article, sources: readonly Source[], heading: string): Article {
  if (sources.length === 0) return article;
  const items = sources.slice(0, 10).map((s) => `${s.title.slice(0, 200)} - ${s.url}`.slice(0, 1_000));
  return { ...article, blocks: [...article.blocks, { type: 'heading', text: heading }, { type: 'list', ordered: false, items }] };
}
