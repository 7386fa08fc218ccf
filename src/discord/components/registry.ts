// Button and modal handlers in the Sapphire style: each parses the custom ids it owns and runs on them.
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import type { Permission } from '../permissions.ts';
import type { Precondition } from '../preconditions.ts';

export interface ComponentHandler<T, I extends ButtonInteraction | ModalSubmitInteraction = ButtonInteraction | ModalSubmitInteraction> {
  name: string;
  kind: I extends ButtonInteraction ? 'button' : 'modal';
  /** The data this handler needs from the custom id, or null when the id is not its own. */
  parse(customId: string): T | null;
  /**
   * `update`: acknowledge at once without changing the message (the work and the edits follow);
   * `ephemeral`: acknowledge with a private "thinking…"; `none`: `run` answers first itself (a modal).
   */
  ack: 'update' | 'ephemeral' | 'none';
  /** Who may use it, checked on the server for every click or submit (required: see permissions.ts). */
  permission: Permission<T>;
  /** Further named checks, run after the permission. */
  preconditions?: Precondition<T>[];
  run(interaction: I, data: T, ctx: BotContext): Promise<void>;
}

export function defineButton<T>(h: Omit<ComponentHandler<T, ButtonInteraction>, 'kind'>): ComponentHandler<T, ButtonInteraction> {
  return { ...h, kind: 'button' } as ComponentHandler<T, ButtonInteraction>;
}

export function defineModal<T>(h: Omit<ComponentHandler<T, ModalSubmitInteraction>, 'kind'>): ComponentHandler<T, ModalSubmitInteraction> {
  return { ...h, kind: 'modal' } as ComponentHandler<T, ModalSubmitInteraction>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyComponentHandler = ComponentHandler<any, any>;
