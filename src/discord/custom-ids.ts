// Every custom_id the bot writes, and the parsers that read them back. Discord allows at most 100 characters.
export const DRAFT_ACTIONS = ['approve', 'reject', 'regenerate', 'edit', 'mark_published', 'publish_again', 'preview'] as const;
export type DraftAction = (typeof DRAFT_ACTIONS)[number];
export const DLQ_ACTIONS = ['retry', 'discard'] as const;
export type DlqAction = (typeof DLQ_ACTIONS)[number];

const ID = '([A-Za-z0-9_-]{1,80})';

export function draftId(action: DraftAction, id: string): string {
  return `draft:${action}:${id}`;
}

export function parseDraftId(customId: string): { action: DraftAction; draftId: string } | null {
  const m = customId.match(new RegExp(`^draft:(${DRAFT_ACTIONS.join('|')}):${ID}$`));
  return m ? { action: m[1] as DraftAction, draftId: m[2]! } : null;
}

export function dlqId(action: DlqAction, id: string): string {
  return `dlq:${action}:${id}`;
}

export function parseDlqId(customId: string): { action: DlqAction; deadLetterId: string } | null {
  const m = customId.match(new RegExp(`^dlq:(${DLQ_ACTIONS.join('|')}):${ID}$`));
  return m ? { action: m[1] as DlqAction, deadLetterId: m[2]! } : null;
}

export interface DraftsPage {
  page: number;
  accountRef: string | null;
  status: string | null;
  /** Only drafts whose checks flagged something (`:f` at the end of the id). */
  flagged?: boolean;
}

export function draftsPageId(p: DraftsPage): string {
  return `drafts:page:${p.page}:${p.accountRef ?? '-'}:${p.status ?? '-'}${p.flagged ? ':f' : ''}`;
}

export function parseDraftsPageId(customId: string): DraftsPage | null {
  const m = customId.match(/^drafts:page:(\d{1,4}):([A-Za-z0-9_.-]{1,60}):([a-z_-]{1,30})(:f)?$/);
  if (!m) return null;
  const page: DraftsPage = { page: Number(m[1]), accountRef: m[2] === '-' ? null : m[2]!, status: m[3] === '-' ? null : m[3]! };
  if (m[4]) page.flagged = true;
  return page;
}

/** "Check details" on a draft's card (the quality checks). */
export function checksId(draftId: string): string {
  return `checks:show:${draftId}`;
}

export function parseChecksId(customId: string): { draftId: string } | null {
  const m = customId.match(new RegExp(`^checks:show:${ID}$`));
  return m ? { draftId: m[1]! } : null;
}

export function loginModalId(accountRef: string): string {
  return `account:login:${accountRef}`;
}

export function parseLoginModalId(customId: string): { accountRef: string } | null {
  const m = customId.match(/^account:login:([A-Za-z0-9_.-]{1,80})$/);
  return m ? { accountRef: m[1]! } : null;
}

/** The login relay's buttons and form: `relay:<action>:<accountId>:<relayId>`. */
export const RELAY_ACTIONS = ['answer', 'submit', 'register', 'skip', 'cancel'] as const;
export type RelayAction = (typeof RELAY_ACTIONS)[number];

export function relayCustomId(action: RelayAction, accountId: string, relayId: string): string {
  return `relay:${action}:${accountId}:${relayId}`;
}

export function parseRelayId(customId: string): { action: RelayAction; accountId: string; relayId: string } | null {
  const m = customId.match(new RegExp(`^relay:(${RELAY_ACTIONS.join('|')}):([A-Za-z0-9_-]{1,40}):([A-Za-z0-9_-]{1,24})$`));
  return m ? { action: m[1] as RelayAction, accountId: m[2]!, relayId: m[3]! } : null;
}

/** A draft's picture buttons: `img:regen|drop:<draftId>:<slot>` for one image, `img:add:<draftId>` for Add photos. */
export const IMAGE_ACTIONS = ['regen', 'drop'] as const;
export type ImageAction = (typeof IMAGE_ACTIONS)[number];

export function imageCustomId(action: ImageAction, draftId: string, slot: number): string {
  return `img:${action}:${draftId}:${slot}`;
}

export function parseImageId(customId: string): { action: ImageAction; draftId: string; slot: number } | null {
  const m = customId.match(new RegExp(`^img:(${IMAGE_ACTIONS.join('|')}):${ID}:([1-9]\\d?)$`));
  return m ? { action: m[1] as ImageAction, draftId: m[2]!, slot: Number(m[3]) } : null;
}

export function addPhotosId(draftId: string): string {
  return `img:add:${draftId}`;
}

export function parseAddPhotosId(customId: string): { draftId: string } | null {
  const m = customId.match(new RegExp(`^img:add:${ID}$`));
  return m ? { draftId: m[1]! } : null;
}
