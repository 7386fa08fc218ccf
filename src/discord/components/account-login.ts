// The /account login modal. The values go straight to the service; they are never echoed or logged.
import { actorOf } from '../context.ts';
import { displayAccount } from '../account-option.ts';
import { parseLoginModalId } from '../custom-ids.ts';
import { manageServer } from '../permissions.ts';
import { tr } from '../respond.ts';
import { defineModal } from './registry.ts';

export const LOGIN_FIELDS = { username: 'username', password: 'password' } as const;

export const accountLogin = defineModal<{ accountRef: string }>({
  name: 'account-login',
  parse: parseLoginModalId,
  ack: 'ephemeral',
  permission: manageServer,
  async run(i, { accountRef }, ctx) {
    await ctx.service.setCredentials(
      accountRef,
      { username: i.fields.getTextInputValue(LOGIN_FIELDS.username).trim(), password: i.fields.getTextInputValue(LOGIN_FIELDS.password) },
      actorOf(i),
    );
    await i.editReply({ content: tr(i).account.credentialsSaved(await displayAccount(ctx, i.channelId ?? '', accountRef)) });
  },
});
