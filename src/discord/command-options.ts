// Small pieces every command definition and handler shares.
import {
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type SlashCommandStringOption,
} from 'discord.js';
import { localized } from './i18n.ts';
import { Refusal } from './failures.ts';
import { tr } from './respond.ts';

export const EPHEMERAL = { flags: MessageFlags.Ephemeral } as const;

/** Account references go into custom ids and queries: keep them to the characters ids and blog ids use. */
const ACCOUNT_REF = /^[A-Za-z0-9_.-]{1,80}$/;

export function accountOption(required: boolean) {
  return (o: SlashCommandStringOption) => localized(o.setName('account'), 'opt.account').setRequired(required).setAutocomplete(true);
}

export function optionText(name: string, required: boolean, maxLength?: number) {
  return (o: SlashCommandStringOption) => {
    localized(o.setName(name), `opt.${name}`).setRequired(required);
    if (maxLength) o.setMaxLength(maxLength);
    return o;
  };
}

export function accountRefOf(i: ChatInputCommandInteraction, required: true): string;
export function accountRefOf(i: ChatInputCommandInteraction, required: false): string | null;
export function accountRefOf(i: ChatInputCommandInteraction, required: boolean): string | null {
  const raw = i.options.getString('account', required)?.trim() ?? null;
  if (raw === null || raw === '') {
    if (required) throw new Refusal(tr(i).errors.unknownAccount(''));
    return null;
  }
  if (!ACCOUNT_REF.test(raw)) throw new Refusal(tr(i).errors.unknownAccount(raw.slice(0, 80)));
  return raw;
}

/** For subcommands of a command Discord shows to everyone (a permission can only be set per command). */
export function requireManageServer(i: ChatInputCommandInteraction): void {
  if (!i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) throw new Refusal(tr(i).errors.managerOnly);
}
