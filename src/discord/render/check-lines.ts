// The "After publishing" field of a draft's message: what the live check and the search checks found.
import type { PostChecksView } from '../../ports.ts';
import { messages, type Lang } from '../i18n.ts';
import { formatInZone } from '../time.ts';

/** A span of time as the reader says it (`24시간`, `1 h 30 min`). */
export function afterText(ms: number, lang: Lang): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return messages(lang).draft.after(Math.floor(minutes / 60), minutes % 60);
}

/** The lines of the "After publishing" field, or null when nothing was checked yet. */
export function checksText(c: PostChecksView | null, lang: Lang, zone: string): string | null {
  if (!c) return null;
  const t = messages(lang).draft;
  const at = (d: Date | null) => (d ? formatInZone(d, zone, lang) : '—');
  const lines: string[] = [];
  if (c.live === 'live') lines.push(`✅ ${t.liveOk(at(c.liveCheckedAt))}`);
  if (c.live === 'not_live') lines.push(`⚠️ ${t.liveNot(at(c.liveCheckedAt), messages(lang).alerts.notLiveReason(c.liveDetail?.split(':')[0] ?? 'title_missing'))}`);
  if (c.live === 'unchecked') lines.push(`❔ ${t.liveUnchecked(at(c.liveCheckedAt))}`);
  if (c.search === 'waiting') lines.push(`🔎 ${c.searchCheckedAt ? t.searchNotYet(at(c.searchCheckedAt)) : t.searchWaiting}`);
  if (c.search === 'found' && c.searchFoundAt) {
    const after = afterText(c.publishedAt ? c.searchFoundAt.getTime() - c.publishedAt.getTime() : 0, lang);
    lines.push(`🔎 ${t.searchFound(at(c.searchFoundAt), after, c.searchPosition ?? 0)}`);
  }
  if (c.search === 'missing') lines.push(`🚨 ${t.searchMissing(at(c.searchCheckedAt))}`);
  if (c.search === 'unchecked') lines.push(`❔ ${t.searchUnchecked}`);
  return lines.length ? lines.join('\n') : null;
}
