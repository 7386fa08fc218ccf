// Who may press which button and submit which modal: the one place that says it. Every component handler
// must name one of these (the registry's type requires it and the router refuses a handler without one), and
// the check runs on the server for every click and submit, shown or forged. The README's table mirrors this.
import { PermissionFlagsBits } from 'discord.js';
import { mayApprove } from '../channel-scope.ts';
import { actorOf, type BotContext } from './context.ts';
import type { ComponentInteraction } from './preconditions.ts';
import { Refusal } from './failures.ts';
import { tr } from './respond.ts';
import type { DraftInHand } from '../service-api.ts';

export type PermissionName = 'manage_server' | 'approver' | 'channel_member';

export interface Permission<T> {
  /** Also what the README's table calls it. */
  name: PermissionName;
  /** Passes, or throws a Refusal / domain error that becomes one ephemeral sentence. */
  check(interaction: ComponentInteraction, data: T, ctx: BotContext): Promise<void>;
}

export function hasManageServer(i: { memberPermissions: { has(bit: bigint): boolean } | null }): boolean {
  return Boolean(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild));
}

/** Account changes (the login modal): the same Manage Server the /account command needs. */
export const manageServer: Permission<unknown> = {
  name: 'manage_server',
  async check(i) {
    if (!hasManageServer(i)) throw new Refusal(tr(i).errors.managerOnly);
  },
};

/**
 * The login relay (Answer, Enter code, Register this device / Don't register, Cancel): the same Manage Server
 * as /account login. Approver roles approve posts; they do not answer NAVER for the account.
 */
export const loginRelayManager: Permission<unknown> = manageServer;

/**
 * Manage Server or an approver role of the account `accountOf` names. The account is looked up as seen from
 * this channel, so a thing of an account not linked here is "not found here" before any permission talk.
 */
export function approverOf<T>(accountOf: (data: T, i: ComponentInteraction, ctx: BotContext) => Promise<string>): Permission<T> {
  return {
    name: 'approver',
    async check(i, data, ctx) {
      const accountId = await accountOf(data, i, ctx);
      if (!mayApprove(actorOf(i), await ctx.service.approverRoles(accountId))) throw new Refusal(tr(i).errors.notApprover);
    },
  };
}

/**
 * Draft buttons and the edit form. The draft is loaded once, here, and left on the click's data for the
 * handler (Sapphire's `parse` returning data): the verb does not load it again.
 */
export const draftApprover: Permission<{ draftId: string; draft?: DraftInHand }> = {
  name: 'approver',
  async check(i, data, ctx) {
    const draft = await ctx.service.openDraft(data.draftId, actorOf(i));
    if (!mayApprove(actorOf(i), draft.account.approverRoleIds)) throw new Refusal(tr(i).errors.notApprover);
    data.draft = draft;
  },
};

/** Retry / Discard on a dead letter (a resolved one too: the service then says how it was resolved). */
export const deadLetterApprover = approverOf<{ deadLetterId: string }>(
  async (d, i, ctx) => (await ctx.service.getDeadLetter(d.deadLetterId, actorOf(i))).accountId ?? '',
);

/** Anyone who can use the channel: read-only views whose data the service limits to the channel (paging). */
export const channelMember: Permission<unknown> = {
  name: 'channel_member',
  async check() {},
};
