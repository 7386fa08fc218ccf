// "Check details" on a flagged draft's card: what the quality checks found, told to the approver alone.
import { parseChecksId } from '../custom-ids.ts';
import { langOf } from '../i18n.ts';
import { draftApprover } from '../permissions.ts';
import { checksDetails } from '../render/checks.ts';
import { reportOf } from '../../drafts/checks/report.ts';
import type { DraftInHand } from '../../service-api.ts';
import { defineButton } from './registry.ts';

export const draftChecks = defineButton<{ draftId: string; draft?: DraftInHand }>({
  name: 'draft-checks',
  parse: parseChecksId,
  ack: 'ephemeral',
  // The details name the account's other posts and its banned words: for those who may approve.
  permission: draftApprover,
  async run(i, { draft }) {
    await i.editReply({ content: checksDetails(draft?.title ?? draft?.topic ?? '', reportOf(draft?.checks), langOf(i.locale)), allowedMentions: { parse: [] } });
  },
});
