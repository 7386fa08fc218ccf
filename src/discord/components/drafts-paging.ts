// ◀ ▶ on the /drafts list.
import { parseDraftsPageId, type DraftsPage } from '../custom-ids.ts';
import { langOf } from '../i18n.ts';
import { channelMember } from '../permissions.ts';
import { renderDraftsPage } from '../render/lists.ts';
import { defineButton } from './registry.ts';

export const draftsPaging = defineButton<DraftsPage>({
  name: 'drafts-paging',
  parse: parseDraftsPageId,
  ack: 'update',
  permission: channelMember,
  async run(i, page, ctx) {
    await i.editReply(await renderDraftsPage(ctx.service, i.channelId ?? '', page, langOf(i.locale), ctx.defaultTimezone));
  },
});
