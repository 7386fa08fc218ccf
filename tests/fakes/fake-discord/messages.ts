// The channel as a user sees it: messages the bot created (channel sends and interaction responses), edited in place.
import { snowflake, userPayload } from './payloads.ts';

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  content_type: string;
  data: Buffer;
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: any[];
  components: any[];
  attachments: StoredAttachment[];
  flags: number;
  /** Only this user can see it (an ephemeral interaction response). */
  ephemeralFor: string | null;
  /** Set for interaction responses and followups. */
  interactionId: string | null;
  webhook: boolean;
  deleted: boolean;
  edits: number;
  createdAt: number;
  /** Every payload that shaped this message, oldest first. */
  history: any[];
}

export const EPHEMERAL = 64;
const LOADING = 128;

export class MessageStore {
  readonly byId = new Map<string, StoredMessage>();
  readonly order: string[] = [];

  private readonly base: () => string;
  private readonly bot: { id: string; username: string };
  private readonly guildOf: (channelId: string) => string;

  constructor(base: () => string, bot: { id: string; username: string }, guildOf: (channelId: string) => string) {
    this.base = base;
    this.bot = bot;
    this.guildOf = guildOf;
  }

  create(channelId: string, body: any, files: UploadedFile[], opts: { interactionId?: string; userId?: string; webhook?: boolean; loading?: boolean; transient?: boolean } = {}): StoredMessage {
    const flags = Number(body?.flags ?? 0) | (opts.loading ? LOADING : 0);
    const m: StoredMessage = {
      id: snowflake(),
      channelId,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: [],
      flags,
      ephemeralFor: flags & EPHEMERAL ? (opts.userId ?? null) : null,
      interactionId: opts.interactionId ?? null,
      webhook: opts.webhook ?? false,
      deleted: false,
      edits: 0,
      createdAt: Date.now(),
      history: [body ?? {}],
    };
    m.attachments = files.map((f) => this.#attachment(m, f));
    if (opts.transient) return m;
    this.byId.set(m.id, m);
    this.order.push(m.id);
    return m;
  }

  edit(m: StoredMessage, body: any, files: UploadedFile[]): StoredMessage {
    if ('content' in body) m.content = body.content ?? '';
    if ('embeds' in body) m.embeds = body.embeds ?? [];
    if ('components' in body) m.components = body.components ?? [];
    if (Array.isArray(body.attachments)) {
      const keep = new Set(body.attachments.map((a: { id: unknown }) => String(a.id)));
      m.attachments = m.attachments.filter((a) => keep.has(a.id));
    }
    m.attachments.push(...files.map((f) => this.#attachment(m, f)));
    m.flags &= ~LOADING;
    m.edits += 1;
    m.history.push(body);
    return m;
  }

  #attachment(m: StoredMessage, f: UploadedFile): StoredAttachment {
    const id = snowflake();
    return { id, filename: f.filename, size: f.data.length, url: `${this.base()}/attachments/${m.channelId}/${id}/${f.filename}`, content_type: f.contentType, data: f.data };
  }

  /** The JSON Discord would return for this message. */
  toApi(m: StoredMessage) {
    return {
      id: m.id,
      channel_id: m.channelId,
      guild_id: this.guildOf(m.channelId),
      type: 0,
      author: userPayload({ ...this.bot, bot: true }),
      content: m.content,
      embeds: m.embeds,
      components: m.components,
      attachments: m.attachments.map(({ data: _data, ...a }) => a),
      flags: m.flags,
      timestamp: new Date(m.createdAt).toISOString(),
      edited_timestamp: m.edits ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      ...(m.webhook ? { webhook_id: this.bot.id, application_id: this.bot.id } : {}),
    };
  }
}

/** Everything a reader of the message sees, as one string (content, embeds, button labels). */
export function messageText(m: StoredMessage | undefined): string {
  if (!m) return '';
  const parts: string[] = [m.content];
  for (const e of m.embeds) {
    parts.push(e.title ?? '', e.description ?? '', e.url ?? '', e.author?.name ?? '', e.footer?.text ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  for (const b of buttons(m)) parts.push(`[${b.label}]`);
  return parts.filter(Boolean).join('\n');
}

/** The pictures a reader sees in the message's embeds: each embed image resolved to the message's attachment. */
export function embedImages(m: StoredMessage | undefined): Array<{ footer: string; attachment: StoredAttachment }> {
  if (!m) return [];
  return m.embeds.flatMap((e) => {
    const url: string = e.image?.url ?? '';
    const name = url.startsWith('attachment://') ? url.slice('attachment://'.length) : null;
    const attachment = name ? m.attachments.find((a) => a.filename === name) : undefined;
    return attachment ? [{ footer: e.footer?.text ?? '', attachment }] : [];
  });
}

export interface ButtonView {
  label: string;
  customId: string | null;
  url: string | null;
  disabled: boolean;
}

export function buttons(m: StoredMessage | undefined): ButtonView[] {
  if (!m) return [];
  return m.components.flatMap((row: any) =>
    (row.components ?? [])
      .filter((c: any) => c.type === 2)
      .map((c: any) => ({ label: c.label ?? '', customId: c.custom_id ?? null, url: c.url ?? null, disabled: Boolean(c.disabled) })),
  );
}
