// The quality checks on a draft's card: one compact ✓/⚠ line, the sentence saying what held an auto-approved
// draft back, and the details an approver opens with the "Check details" button.
import type { QualityReport } from '../../drafts/checks/report.ts';
import { messages, type Lang } from '../i18n.ts';
import { clip, withoutMaskedLinks } from './shown-text.ts';

const pct = (share: number) => Math.round(share * 100);
const quoted = (text: string, max: number) => withoutMaskedLinks(clip(text, max));

/** `✓ original (closest 12%) · ⚠ keyword stuffing: 성수동 카페 · ✓ no banned words · ✓ title 32/40` and the counts. */
export function checksLine(r: QualityReport, lang: Lang): string {
  const t = messages(lang).checks;
  const o = r.originality;
  const f = r.fit;
  const parts = [
    r.flags.includes('originality') && o.closest
      ? t.tooClose(pct(o.score), quoted(o.closest.title, 60))
      : o.compared === false ? t.tooShort : t.original(pct(o.score)),
    f.stuffed.length ? t.stuffed(quoted(f.stuffed.join(', '), 120)) : t.keywordsOk,
    f.banned.length ? t.banned(quoted(f.banned.join(', '), 120)) : t.bannedOk,
    f.titleTooLong ? t.titleLong(f.titleChars) : t.titleOk(f.titleChars),
  ];
  const lines = [parts.join(' · '), t.stats(f.chars, f.headings, f.paragraphs, f.images, f.tags)];
  if (r.sources) lines.push(t.sourcesLine(r.sources.sources.length, r.sources.unsupported.length, r.sources.statements));
  return lines.join('\n');
}

/** The pages a grounded draft's facts came from, one a line: `title — url` (never a masked link). */
export function sourcesList(r: QualityReport | null | undefined, max = 5): string | null {
  const sources = r?.sources?.sources ?? [];
  if (sources.length === 0) return null;
  const lines = sources.slice(0, max).map((s) => `${quoted(s.title, 80)} — ${s.url}`);
  if (sources.length > max) lines.push(`+${sources.length - max}`);
  return clip(lines.join('\n'), 1024);
}

/** The flags, in words: `originality, keyword stuffing`. */
export function flagWords(flags: readonly string[], lang: Lang): string {
  const names = messages(lang).checks.flagNames;
  return flags.map((f) => names[f] ?? f).join(', ');
}

/** Everything the checks found, for the approver (an ephemeral reply). */
export function checksDetails(title: string, r: QualityReport | null, lang: Lang): string {
  const t = messages(lang).checks;
  if (!r) return t.notChecked;
  const o = r.originality;
  const f = r.fit;
  const lines = [`**${quoted(title, 100)}**`, ''];
  if (o.compared === false) {
    lines.push(t.tooShortDetail);
  } else if (o.closest) {
    lines.push(t.closest(pct(o.score), quoted(o.closest.title, 100), `${pct(o.threshold)}%`));
    if (o.closest.url?.startsWith('http')) lines.push(t.closestLink(o.closest.url));
  } else {
    lines.push(t.noneClose);
  }
  if (o.rewrittenAvoiding.length) lines.push(t.rewritten(o.rewrittenAvoiding.map((x) => `“${quoted(x, 80)}”`).join(', ')));
  lines.push('');
  if (f.keywords.length) {
    for (const k of f.keywords.slice(0, 12)) lines.push(`${f.stuffed.includes(k.keyword) ? '⚠' : '✓'} ${t.keywordLine(quoted(k.keyword, 50), k.count, (k.share * 100).toFixed(1))}`);
  } else {
    lines.push(t.noKeywords);
  }
  lines.push(t.keywordLimit((r.keywordMaxShare * 100).toFixed(1)), '');
  lines.push(f.banned.length ? `⚠ ${t.bannedFound(quoted(f.banned.join(', '), 300))}` : `✓ ${t.bannedNone}`);
  lines.push(`${f.titleTooLong ? '⚠' : '✓'} ${t.titleLine(f.titleChars)}`);
  lines.push(t.statsLine(f.chars, f.charsNoSpaces, f.words), t.stats(f.chars, f.headings, f.paragraphs, f.images, f.tags));
  if (r.sources) {
    const s = r.sources;
    lines.push('', t.searched(quoted(s.queries.join(' · ') || '—', 200)), sourcesList(r, 10) ?? t.noSources);
    lines.push(t.unsupportedTitle(s.unsupported.length, s.statements), ...s.unsupported.slice(0, 8).map((x) => `- ${quoted(x, 160)}`));
  }
  return clip(lines.join('\n'), 1900);
}
