// Named checks a component handler may declare besides its permission (src/discord/permissions.ts). Each one
// passes (resolves) or throws a Refusal / domain error that becomes one ephemeral sentence.
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { BotContext } from './context.ts';
import { Refusal } from './failures.ts';
import { tr } from './respond.ts';

export type ComponentInteraction = ButtonInteraction | ModalSubmitInteraction;

export interface Precondition<T> {
  name: string;
  check(interaction: ComponentInteraction, data: T, ctx: BotContext): Promise<void>;
}

/** Every button and modal works in a server channel only; the router checks this before anything else. */
export const inGuildChannel: Precondition<unknown> = {
  name: 'inGuildChannel',
  async check(i) {
    if (!i.inGuild() || !i.channelId) throw new Refusal(tr(i).errors.notInGuild);
  },
};
