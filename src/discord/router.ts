// Routes every interaction to its command or component handler. Nothing a handler throws escapes: refusals
// are answered with one ephemeral sentence, our own bugs are logged, expired interactions are left alone.
import { MessageFlags, type ChatInputCommandInteraction, type Interaction, type ModalSubmitInteraction } from 'discord.js';
import type { Command } from './command-registry.ts';
import type { AnyComponentHandler } from './components/registry.ts';
import type { BotContext } from './context.ts';
import { inGuildChannel, type ComponentInteraction } from './preconditions.ts';
import { Refusal, describeError, isGoneInteraction } from './failures.ts';
import { unstorableInput } from './typed-text.ts';
import { reportFailure, tr } from './respond.ts';

export interface Router {
  route(interaction: Interaction): Promise<void>;
}

/** A handler that names no permission is a bug that would let anyone use it: refuse to start with it. */
export function assertPermissions(components: readonly AnyComponentHandler[]): void {
  for (const h of components) {
    if (typeof h.permission?.check !== 'function') {
      throw new Error(`The ${h.kind} handler "${h.name}" declares no permission; name one from src/discord/permissions.ts.`);
    }
  }
}

async function acknowledge(i: ComponentInteraction, ack: AnyComponentHandler['ack']): Promise<void> {
  if (ack === 'update') {
    if (i.isButton() || (i.isModalSubmit() && i.isFromMessage())) await i.deferUpdate();
    else await i.deferReply({ flags: MessageFlags.Ephemeral });
  } else if (ack === 'ephemeral') {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
  }
}

export function createRouter(commands: Map<string, Command>, components: readonly AnyComponentHandler[], ctx: BotContext): Router {
  assertPermissions(components);
  async function runComponent(i: ComponentInteraction): Promise<void> {
    const kind = i.isButton() ? 'button' : 'modal';
    for (const handler of components) {
      if (handler.kind !== kind) continue;
      const data = handler.parse(i.customId);
      if (data === null) continue;
      // Acknowledged before any slow work, so the 3 s deadline never depends on the database. The checks (reads
      // only) run while the acknowledgement is on its way; nothing is changed, and nothing answered, until both
      // are done.
      const acked = acknowledge(i, handler.ack);
      const checked = (async () => {
        await inGuildChannel.check(i, data, ctx);
        await handler.permission.check(i, data, ctx);
        if (i.isModalSubmit()) refuseUnstorable(i);
        for (const pre of handler.preconditions ?? []) await pre.check(i, data, ctx);
      })();
      const [ack, check] = await Promise.allSettled([acked, checked]);
      if (ack.status === 'rejected') throw ack.reason;
      if (check.status === 'rejected') throw check.reason;
      await handler.run(i, data, ctx);
      return;
    }
    await i.reply({ content: tr(i).errors.unknownComponent, flags: MessageFlags.Ephemeral });
  }

  async function route(i: Interaction): Promise<void> {
    try {
      if (i.isAutocomplete()) {
        const command = commands.get(i.commandName);
        try {
          if (command?.autocomplete) await command.autocomplete(i, ctx);
          else await i.respond([]);
        } catch (err) {
          // Autocomplete has no error message: an empty list is the answer.
          if (!isGoneInteraction(err)) ctx.logger.warn({ command: i.commandName, err: describeError(err) }, 'autocomplete failed');
          if (!i.responded) await i.respond([]).catch(() => undefined);
        }
        return;
      }
      if (i.isChatInputCommand()) {
        const command = commands.get(i.commandName);
        if (!command) {
          await i.reply({ content: tr(i).errors.unknownCommand, flags: MessageFlags.Ephemeral });
          return;
        }
        refuseUnstorable(i);
        await command.execute(i, ctx);
        return;
      }
      if (i.isButton() || i.isModalSubmit()) await runComponent(i);
    } catch (err) {
      await reportFailure(i, err, ctx.logger);
    }
  }

  return { route };
}

function refuseUnstorable(i: ChatInputCommandInteraction | ModalSubmitInteraction): void {
  const option = unstorableInput(i);
  if (option) throw new Refusal(tr(i).errors.unstorableText(option));
}
