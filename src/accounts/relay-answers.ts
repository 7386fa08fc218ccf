// What a click or a form does to a login relay, on whichever replica got it: the relay must still be waiting
// and belong to the account named in the custom id, which must be linked to the channel. The answer itself is
// handed to the relay's holder through Redis and goes nowhere else.
import type { Actor } from '../service-api.ts';
import type { Db } from '../db/client.ts';
import type { HumanAnswer } from '../ports.ts';
import { accountInChannel } from '../channel-scope.ts';
import { ForbiddenError, UserInputError } from '../refusals.ts';
import type { LoginRelays, RelayRecord } from './login-relay.ts';

export interface RelayRef {
  accountId: string;
  relayId: string;
}

export interface RelayDeps {
  db: Db;
  relays: LoginRelays;
}

/** A typed answer longer than this is not an answer to a captcha or a code. */
const ANSWER_MAX = 64;

/** The relay as the actor's channel may see it; refused when it has ended or is another account's. */
export async function openLoginRelay(d: RelayDeps, ref: RelayRef, actor: Actor): Promise<RelayRecord> {
  const account = await accountInChannel(d.db, ref.accountId, actor.channelId);
  const record = await d.relays.read(ref.relayId);
  if (!record) throw new UserInputError('login_relay_ended');
  if (record.accountId !== account.id) throw new ForbiddenError('login_relay_other_account');
  return record;
}

export async function answerLoginRelay(d: RelayDeps, ref: RelayRef, answer: HumanAnswer, actor: Actor): Promise<void> {
  const record = await openLoginRelay(d, ref, actor);
  if (answer.kind === 'text') {
    const value = answer.value.trim();
    if (!value || value.length > ANSWER_MAX) throw new UserInputError('login_relay_answer_invalid', { max: ANSWER_MAX });
    answer = { kind: 'text', value };
  }
  const wanted = answer.kind === 'text' ? 'text' : 'device';
  if (record.asking !== wanted) throw new UserInputError('login_relay_not_asking');
  const result = await d.relays.deliver(ref.relayId, { type: 'answer', answer, by: actor.userId });
  if (result === 'busy') throw new UserInputError('login_relay_busy');
  if (result === 'ended') throw new UserInputError('login_relay_ended');
}

export async function cancelLoginRelay(d: RelayDeps, ref: RelayRef, actor: Actor): Promise<void> {
  await openLoginRelay(d, ref, actor);
  if ((await d.relays.deliver(ref.relayId, { type: 'cancel', by: actor.userId })) === 'ended') throw new UserInputError('login_relay_ended');
}
