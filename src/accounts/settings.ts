// /account settings: pacing, visibility, category, tone, tags and who may approve.
import type { Db, Prisma } from '../db/client.ts';
import type { AccountSettingsInput, AccountSummary, Actor } from '../service-api.ts';
import { UserInputError } from '../errors.ts';
import { accountInChannel } from '../channel-scope.ts';
import { accountSummary } from './summary.ts';

export async function updateSettings(db: Db, accountRef: string, s: AccountSettingsInput, actor: Actor): Promise<AccountSummary> {
  const account = await accountInChannel(db, accountRef, actor.channelId);
  if (s.dailyCap !== undefined && (!Number.isInteger(s.dailyCap) || s.dailyCap < 0 || s.dailyCap > 50)) {
    throw new UserInputError('The daily cap is a whole number from 0 (no cap) to 50.', '하루 최대 글 수는 0(제한 없음)부터 50까지의 정수입니다.');
  }
  for (const h of [s.allowedHourStart, s.allowedHourEnd]) {
    if (h !== undefined && (!Number.isInteger(h) || h < 0 || h > 24)) throw new UserInputError('Allowed hours are whole numbers from 0 to 24.', '발행 가능 시간은 0부터 24까지의 정수입니다.');
  }
  if (s.minIntervalMinutes !== undefined && (!Number.isInteger(s.minIntervalMinutes) || s.minIntervalMinutes < 0 || s.minIntervalMinutes > 24 * 60)) {
    throw new UserInputError('The minimum interval is a whole number of minutes from 0 to 1440.', '최소 간격은 0부터 1440까지의 분 단위 정수입니다.');
  }
  if (s.tone !== undefined && s.tone !== null && s.tone.length > 500) throw new UserInputError('The tone is at most 500 characters.', '말투 설명은 500자 이내로 적어 주세요.');
  const data: Prisma.AccountUpdateInput = {};
  if (s.autoApprove !== undefined) data.autoApprove = s.autoApprove;
  if (s.dailyCap !== undefined) data.dailyCap = s.dailyCap;
  if (s.visibility !== undefined) data.visibility = s.visibility;
  if (s.category !== undefined) data.category = s.category?.trim() || null;
  if (s.tone !== undefined) data.tone = s.tone?.trim() || null;
  if (s.defaultTags !== undefined) data.defaultTags = s.defaultTags.map((t) => t.replace(/^#/, '').trim()).filter(Boolean).slice(0, 10);
  if (s.allowedHourStart !== undefined) data.allowedHourStart = s.allowedHourStart;
  if (s.allowedHourEnd !== undefined) data.allowedHourEnd = s.allowedHourEnd;
  if (s.minIntervalMinutes !== undefined) data.minIntervalMinutes = s.minIntervalMinutes;
  if (s.approverRoles) {
    const { add = [], remove = [] } = s.approverRoles;
    if ([...add, ...remove].some((r) => !/^\d{5,25}$/.test(r))) throw new UserInputError('Approver roles must be Discord roles.', '승인 역할은 디스코드 역할이어야 합니다.');
    const roles = new Set(account.approverRoleIds);
    for (const r of add) roles.add(r);
    for (const r of remove) roles.delete(r);
    if (roles.size > 10) throw new UserInputError('An account can have at most 10 approver roles.', '계정 하나에 승인 역할은 최대 10개까지입니다.');
    data.approverRoleIds = [...roles];
  }
  const updated = await db.account.update({ where: { id: account.id }, data });
  return accountSummary(updated);
}

/** Role ids that may approve for this account (besides Manage Server). */
export async function approverRoles(db: Db, accountId: string): Promise<string[]> {
  const a = await db.account.findUnique({ where: { id: accountId }, select: { approverRoleIds: true } });
  return a?.approverRoleIds ?? [];
}
