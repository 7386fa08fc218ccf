// Who may approve for an account: Manage Server, or one of the account's approver roles. The one rule behind
// the draft and dead-letter buttons and behind scheduling on an auto-approving account.
import type { Actor } from '../service-api.ts';

export function mayApprove(actor: Pick<Actor, 'manageServer' | 'roleIds'>, approverRoleIds: readonly string[]): boolean {
  if (actor.manageServer) return true;
  const roles = new Set(actor.roleIds ?? []);
  return approverRoleIds.some((r) => roles.has(r));
}
