// /account settings: pacing, visibility, category, tone, tags and who may approve.
import type { Db, Prisma } from '../db/client.ts';
import type { AccountSettingsInput, AccountSummary, Actor } from '../service-api.ts';
import { UserInputError } from '../refusals.ts';
import { normalizeTag } from '../article.ts';
import { checkLength, checkWhole, LIMITS, LimitError } from '../limits.ts';
import { accountInChannel } from '../channel-scope.ts';
import { accountSummary } from './summary.ts';
import { voiceOf } from './voice.ts';

export async function updateSettings(db: Db, accountRef: string, s: AccountSettingsInput, actor: Actor): Promise<AccountSummary> {
  const account = await accountInChannel(db, accountRef, actor.channelId);
  const data: Prisma.AccountUpdateInput = {};
  if (s.autoApprove !== undefined) data.autoApprove = s.autoApprove;
  if (s.dailyCap !== undefined) data.dailyCap = checkWhole('dailyCap', s.dailyCap);
  if (s.visibility !== undefined) data.visibility = s.visibility;
  if (s.category !== undefined) data.category = checkLength('categoryChars', s.category?.trim() ?? '') || null;
  if (s.tone !== undefined) data.tone = checkLength('toneChars', s.tone?.trim() ?? '') || null;
  if (s.defaultTags !== undefined) data.defaultTags = defaultTagsOf(s.defaultTags);
  if (s.allowedHourStart !== undefined || s.allowedHourEnd !== undefined) {
    const start = s.allowedHourStart ?? account.allowedHourStart;
    const end = s.allowedHourEnd ?? account.allowedHourEnd;
    // Pacing reads a window only when it ends after it starts; a window across midnight is refused, not ignored.
    if (![start, end].every((h) => Number.isInteger(h) && h >= 0 && h <= LIMITS.allowedHours) || start >= end) throw new LimitError('allowedHours');
    data.allowedHourStart = start;
    data.allowedHourEnd = end;
  }
  if (s.minIntervalMinutes !== undefined) data.minIntervalMinutes = checkWhole('minIntervalMinutes', s.minIntervalMinutes);
  if (s.jitterMinutes !== undefined) data.jitterMinutes = checkWhole('jitterMinutes', s.jitterMinutes);
  if (s.bannedWords !== undefined) data.bannedWords = bannedWordsOf(s.bannedWords);
  if (s.grounding !== undefined) data.grounding = s.grounding;
  if (s.referencesBlock !== undefined) data.referencesBlock = s.referencesBlock;
  Object.assign(data, await voiceOf(db, account.id, s));
  if (s.approverRoles) {
    const { add = [], remove = [] } = s.approverRoles;
    if ([...add, ...remove].some((r) => !/^\d{5,25}$/.test(r))) throw new UserInputError('approver_role_invalid');
    const roles = new Set(account.approverRoleIds);
    for (const r of add) roles.add(r);
    for (const r of remove) roles.delete(r);
    if (roles.size > LIMITS.approverRoles) throw new LimitError('approverRoles', roles.size);
    data.approverRoleIds = [...roles];
  }
  const updated = await db.account.update({ where: { id: account.id }, data });
  return accountSummary(updated);
}

/** `#서울 맛집`-style input becomes NAVER tags; duplicates go, and more than NAVER takes is refused, not cut. */
function defaultTagsOf(raw: readonly string[]): string[] {
  const tags: string[] = [];
  for (const t of raw) {
    const tag = normalizeTag(t);
    if (tag && !tags.some((x) => x.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  if (tags.length > LIMITS.tags) throw new LimitError('tags', tags.length);
  tags.forEach((t, i) => {
    if (t.length > LIMITS.tagChars) throw new LimitError('tagChars', t.length, tags.length > 1 ? i + 1 : undefined);
  });
  return tags;
}

/** Trimmed, deduplicated (case-insensitively); more or longer than the limits is refused, never cut. */
function bannedWordsOf(raw: readonly string[]): string[] {
  const words: string[] = [];
  for (const w of raw.map((x) => x.normalize('NFC').trim()).filter(Boolean)) {
    if (!words.some((x) => x.toLowerCase() === w.toLowerCase())) words.push(w);
  }
  if (words.length > LIMITS.bannedWords) throw new LimitError('bannedWords', words.length);
  words.forEach((w, i) => {
    if (w.length > LIMITS.bannedWordChars) throw new LimitError('bannedWordChars', w.length, words.length > 1 ? i + 1 : undefined);
  });
  return words;
}

/** Role ids that may approve for this account (besides Manage Server). */
export async function approverRoles(db: Db, accountId: string): Promise<string[]> {
  const a = await db.account.findUnique({ where: { id: accountId }, select: { approverRoleIds: true } });
  return a?.approverRoleIds ?? [];
}
