// Named checks a component handler declares instead of repeating permission code in every handler.
// Each one passes (resolves) or throws a Refusal / domain error that becomes one ephemeral sentence.
import { PermissionFlagsBits, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { actorOf, type BotContext } from './context.ts';
import { Refusal } from './failures.ts';
import { tr } from './respond.ts';

export type ComponentInteraction = ButtonInteraction | ModalSubmitInteraction;

export interface Precondition<T> {
  name: string;
  check(interaction: ComponentInteraction, data: T, ctx: BotContext): Promise<void>;
}

function memberRoleIds(i: ComponentInteraction): string[] {
  const member = i.member;
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/** Manage Server, or one of the account's approver roles. */
export function mayApprove(i: ComponentInteraction, approverRoleIds: readonly string[]): boolean {
  if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = new Set(memberRoleIds(i));
  return approverRoleIds.some((r) => roles.has(r));
}

async function requireApproverOf(i: ComponentInteraction, accountId: string | null, ctx: BotContext): Promise<void> {
  const roles = accountId ? await ctx.service.approverRoles(accountId) : [];
  if (!mayApprove(i, roles)) throw new Refusal(tr(i).errors.notApprover);
}

export const inGuildChannel: Precondition<unknown> = {
  name: 'inGuildChannel',
  async check(i) {
    if (!i.inGuild() || !i.channelId) throw new Refusal(tr(i).errors.notInGuild);
  },
};

/** The draft belongs to an account linked to this channel (the service refuses otherwise) and the member may approve. */
export const draftApprover: Precondition<{ draftId: string }> = {
  name: 'draftApprover',
  async check(i, data, ctx) {
    const draft = await ctx.service.getDraft(data.draftId, actorOf(i));
    await requireApproverOf(i, draft.accountId, ctx);
  },
};

/** The dead letter is open in this channel and the member may approve for its account. */
export const deadLetterResolver: Precondition<{ deadLetterId: string }> = {
  name: 'deadLetterResolver',
  async check(i, data, ctx) {
    // A resolved letter still gets this check; the service then says how it was resolved.
    const letter = await ctx.service.getDeadLetter(data.deadLetterId, actorOf(i));
    await requireApproverOf(i, letter.accountId, ctx);
  },
};
