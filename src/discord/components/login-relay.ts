// The login relay's buttons and form: Answer / Enter code (a form with one field), Register this device /
// Don't register, and Cancel. Each goes to the service, which hands it through Redis to whichever replica
// holds the browser. The typed answer is passed on once and never echoed, logged or stored.
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { actorOf } from '../context.ts';
import { parseRelayId, relayCustomId, type RelayAction } from '../custom-ids.ts';
import { loginRelayManager } from '../permissions.ts';
import { Refusal } from '../failures.ts';
import { tr } from '../respond.ts';
import { defineButton, defineModal } from './registry.ts';

type RelayData = { action: RelayAction; accountId: string; relayId: string };
const ANSWER_FIELD = 'answer';

const only = (...actions: RelayAction[]) => (customId: string) => {
  const parsed = parseRelayId(customId);
  return parsed && actions.includes(parsed.action) ? parsed : null;
};

/** Answer / Enter code: opens the form, only while NAVER's question waits for typed text. */
export const relayAnswerButton = defineButton<RelayData>({
  name: 'login-relay-answer',
  parse: only('answer'),
  ack: 'none',
  permission: loginRelayManager,
  async run(i, { accountId, relayId }, ctx) {
    const t = tr(i);
    const relay = await ctx.service.openLoginRelay({ accountId, relayId }, actorOf(i));
    if (relay.asking !== 'text') throw new Refusal(t.refusals.login_relay_not_asking({}));
    const field = new TextInputBuilder().setCustomId(ANSWER_FIELD).setStyle(TextInputStyle.Short).setMinLength(1).setMaxLength(64).setRequired(true);
    await i.showModal(
      new ModalBuilder()
        .setCustomId(relayCustomId('submit', accountId, relayId))
        .setTitle(t.relay.modalTitle)
        .addLabelComponents(new LabelBuilder().setLabel(t.relay.modalLabel).setTextInputComponent(field)),
    );
  },
});

export const relayAnswerSubmit = defineModal<RelayData>({
  name: 'login-relay-submit',
  parse: only('submit'),
  ack: 'ephemeral',
  permission: loginRelayManager,
  async run(i, { accountId, relayId }, ctx) {
    await ctx.service.answerLoginRelay({ accountId, relayId }, { kind: 'text', value: i.fields.getTextInputValue(ANSWER_FIELD) }, actorOf(i));
    await i.editReply({ content: tr(i).relay.received });
  },
});

/** Register this device / Don't register / Cancel. */
export const relayChoice = defineButton<RelayData>({
  name: 'login-relay-choice',
  parse: only('register', 'skip', 'cancel'),
  ack: 'ephemeral',
  permission: loginRelayManager,
  async run(i, { action, accountId, relayId }, ctx) {
    const ref = { accountId, relayId };
    if (action === 'cancel') await ctx.service.cancelLoginRelay(ref, actorOf(i));
    else await ctx.service.answerLoginRelay(ref, { kind: 'device', register: action === 'register' }, actorOf(i));
    await i.editReply({ content: tr(i).relay.received });
  },
});
