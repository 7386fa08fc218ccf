// A fake Discord on 127.0.0.1 for the real discord.js client: gateway (ws) + REST (node:http) on one port.
// It keeps the channel as a user would see it, records every request, and injects interactions from members
// with or without Manage Server or roles. It enforces the two rules that bite real bots: the first response
// within the deadline (else 10062 Unknown interaction) and a single acknowledgement (else 40060).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../../support/eventually.ts';
import { FakeGateway } from './gateway.ts';
import { FakeInteraction, type InteractionKind } from './interactions.ts';
import { EPHEMERAL, MessageStore, messageText, buttons, embedImages, type StoredMessage, type UploadedFile } from './messages.ts';
import { PERMISSION, guildCreatePayload, memberPayload, snowflake, userPayload, type FakeUser } from './payloads.ts';

export { messageText, buttons, embedImages, type StoredMessage, type FakeUser, FakeInteraction };

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | null;
  body: any;
  files: UploadedFile[];
  /** The request body as text (payload and file contents), for "this never reached Discord" assertions. */
  text: string;
  at: number;
}

export interface FakeDiscordOptions {
  token?: string;
  /** The initial-response deadline Discord enforces (3 s). */
  ackDeadlineMs?: number;
}

export type OptionValue = string | number | boolean | { attachment: { id: string; filename: string; url: string; size: number; contentType?: string } } | { role: string };

export interface InjectOptions {
  channelId?: string;
  locale?: string;
  /** The server the interaction comes from (default: the one the bot sees at start); see `otherGuild`. */
  guildId?: string;
}

const TEXT_TYPES = /json|text/;

export class FakeDiscord {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly guildId = snowflake();
  readonly bot = { id: this.applicationId, username: 'blog-autopilot' };
  readonly channels = { main: snowflake(), other: snowflake(), third: snowflake() };
  /** A second server that also has the bot, with one channel (interactions from it pass `guildId`). */
  readonly otherGuild = { id: snowflake(), channel: snowflake() };
  readonly roles = { approver: snowflake(), writer: snowflake() };
  readonly requests: RecordedRequest[] = [];
  readonly interactions = new Map<string, FakeInteraction>();
  readonly commands = { global: [] as any[], guild: new Map<string, any[]>() };
  readonly files = new Map<string, { data: Buffer; contentType: string }>();
  /** What discord.js got told about the interactions that had a message attached (component payloads). */
  readonly messages: MessageStore;
  /** Mutable so a test can make the bot miss the deadline. */
  ackDeadlineMs: number;
  /** A test's hold on REST requests: one it returns a promise for is answered only once that promise settles. */
  hold: ((request: RecordedRequest) => Promise<void> | undefined) | null = null;
  #byToken = new Map<string, FakeInteraction>();
  #server: Server;
  #gateway: FakeGateway;
  #port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake-bot-token';
    this.ackDeadlineMs = options.ackDeadlineMs ?? 3_000;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err) => this.#json(res, 500, { message: String(err), code: 0 }));
    });
    this.#gateway = new FakeGateway(this.#server, {
      token: this.token,
      ready: () => ({
        readyData: {
          v: 10,
          user: { ...userPayload({ ...this.bot, bot: true }), verified: true, mfa_enabled: false, flags: 0 },
          application: { id: this.applicationId, flags: 0 },
          guilds: [
            { id: this.guildId, unavailable: true },
            { id: this.otherGuild.id, unavailable: true },
          ],
          session_id: snowflake(),
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
        },
        guilds: [
          guildCreatePayload({
            id: this.guildId,
            ownerId: snowflake(),
            bot: this.bot,
            channels: [
              { id: this.channels.main, name: 'blog-main' },
              { id: this.channels.other, name: 'blog-other' },
              { id: this.channels.third, name: 'blog-third' },
            ],
            roles: [
              { id: this.roles.approver, name: 'approver' },
              { id: this.roles.writer, name: 'writer' },
            ],
          }),
          guildCreatePayload({
            id: this.otherGuild.id,
            ownerId: snowflake(),
            bot: this.bot,
            channels: [{ id: this.otherGuild.channel, name: 'other-server-blog' }],
            roles: [],
          }),
        ],
      }),
    });
    this.messages = new MessageStore(() => this.baseUrl, this.bot, (channelId) => this.guildOf(channelId));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }
  get gatewayConnections(): number {
    return this.#gateway.connected;
  }

  async stop(): Promise<void> {
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ── members ────────────────────────────────────────────────────────────────────────────────────────────
  user(opts: { admin?: boolean; roles?: string[]; locale?: string; name?: string } = {}): FakeUser {
    const base = PERMISSION.ViewChannel | PERMISSION.SendMessages;
    return {
      id: snowflake(),
      username: opts.name ?? `user${Math.floor(Math.random() * 10_000)}`,
      permissions: opts.admin ? base | PERMISSION.ManageGuild : base,
      roles: opts.roles ?? [],
      locale: opts.locale ?? 'en-US',
    };
  }

  // ── the channel as a user sees it ──────────────────────────────────────────────────────────────────────
  /** Messages in the channel, oldest first; ephemeral ones only when `forUser` is that user. */
  channelMessages(channelId: string, forUser?: FakeUser): StoredMessage[] {
    return this.messages.order
      .map((id) => this.messages.byId.get(id)!)
      .filter((m) => m.channelId === channelId && !m.deleted && (m.ephemeralFor === null || m.ephemeralFor === forUser?.id));
  }

  message(id: string | null | undefined): StoredMessage | undefined {
    return id ? this.messages.byId.get(id) : undefined;
  }

  /** The message the user reads as the answer to an interaction: the last followup, else the original. */
  answer(i: FakeInteraction): StoredMessage | undefined {
    const last = i.followupIds.at(-1);
    return this.message(last ?? i.originalId);
  }

  answerText(i: FakeInteraction): string {
    return messageText(this.answer(i));
  }

  /** Whether the answer the user reads is visible only to them. */
  answerIsEphemeral(i: FakeInteraction): boolean {
    const m = this.answer(i);
    return Boolean(m && m.flags & EPHEMERAL);
  }

  lateInteractions(): FakeInteraction[] {
    return [...this.interactions.values()].filter((i) => i.late);
  }

  /** Every byte the bot sent to Discord, as text. */
  allSentText(): string {
    return this.requests.map((r) => r.text).join('\n');
  }

  /** Serves a file (e.g. an uploaded attachment) and returns the attachment object for a slash-command option. */
  attachment(filename: string, content: string | Buffer, contentType = 'application/json'): OptionValue {
    const id = snowflake();
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    this.files.set(`/attachments/${id}/${filename}`, { data, contentType });
    return { attachment: { id, filename, url: `${this.baseUrl}/attachments/${id}/${filename}`, size: data.length, contentType } };
  }

  // ── waiting ─────────────────────────────────────────────────────────────────────────────────────────────
  /** `eventually` over what the fake has seen, with the fake's own default timeout. */
  waitFor<T>(probe: () => T | undefined | null | false, what = 'condition', timeoutMs = 8_000): Promise<T> {
    return eventually(probe, `${what} (fake discord)`, { timeoutMs, intervalMs: 15 });
  }

  /** Waits until the bot has answered: a reply, a modal, choices, or a deferral followed by an edit/followup. */
  async waitForAnswer(i: FakeInteraction, timeoutMs = 8_000): Promise<FakeInteraction> {
    await this.waitFor(() => {
      const first = i.firstCallback;
      if (!first) return false;
      if ([4, 7, 8, 9].includes(first.type)) return true;
      const original = this.message(i.originalId);
      return i.followupIds.length > 0 || (original !== undefined && (original.edits > i.originalEditsAtAck || original.deleted));
    }, `an answer to ${i.kind} ${i.id}`, timeoutMs);
    return i;
  }

  // ── injecting interactions ─────────────────────────────────────────────────────────────────────────────
  slash(user: FakeUser, command: string, sub: string | null, options: Record<string, OptionValue | undefined> = {}, opts: InjectOptions = {}): FakeInteraction {
    return this.#inject(user, 'command', 2, this.#commandData(command, sub, options, null), opts, null);
  }

  autocomplete(user: FakeUser, command: string, sub: string | null, options: Record<string, OptionValue | undefined>, focused: string, opts: InjectOptions = {}): FakeInteraction {
    return this.#inject(user, 'autocomplete', 4, this.#commandData(command, sub, options, focused), opts, null);
  }

  /** A button click. Without a stored message (a forged id) the fake invents one in `channelId`. */
  click(user: FakeUser, customId: string, on: { messageId?: string; channelId?: string; locale?: string; guildId?: string }): FakeInteraction {
    const stored = this.message(on.messageId);
    const channelId = on.channelId ?? stored?.channelId ?? this.channels.main;
    return this.#inject(user, 'button', 3, { custom_id: customId, component_type: 2 }, { channelId, locale: on.locale, guildId: on.guildId }, stored ?? null);
  }

  submitModal(user: FakeUser, customId: string, fields: Record<string, string>, on: { messageId?: string; channelId?: string; locale?: string; guildId?: string } = {}): FakeInteraction {
    const stored = this.message(on.messageId);
    const channelId = on.channelId ?? stored?.channelId ?? this.channels.main;
    const components = Object.entries(fields).map(([id, value]) => ({ type: 18, id: 0, component: { type: 4, custom_id: id, value } }));
    return this.#inject(user, 'modal', 5, { custom_id: customId, components }, { channelId, locale: on.locale, guildId: on.guildId }, stored ?? null);
  }

  #commandData(command: string, sub: string | null, options: Record<string, OptionValue | undefined>, focused: string | null) {
    const resolved: { attachments: Record<string, unknown>; roles: Record<string, unknown> } = { attachments: {}, roles: {} };
    const opts = Object.entries(options)
      .filter(([, v]) => v !== undefined)
      .map(([name, v]) => {
        const focus = name === focused ? { focused: true } : {};
        if (typeof v === 'object' && v !== null && 'attachment' in v) {
          const a = v.attachment;
          // As the gateway sends them: the option's value is the id, the file itself is in resolved.attachments.
          resolved.attachments[a.id] = { id: a.id, filename: a.filename, url: a.url, proxy_url: a.url, size: a.size, content_type: a.contentType ?? 'application/json' };
          return { name, type: 11, value: a.id };
        }
        if (typeof v === 'object' && v !== null && 'role' in v) {
          const name_ = Object.entries(this.roles).find(([, id]) => id === v.role)?.[0] ?? 'role';
          resolved.roles[v.role] = { id: v.role, name: name_, color: 0, hoist: false, position: 1, permissions: '0', managed: false, mentionable: true, flags: 0 };
          return { name, type: 8, value: v.role };
        }
        if (typeof v === 'boolean') return { name, type: 5, value: v, ...focus };
        if (typeof v === 'number') return { name, type: Number.isInteger(v) ? 4 : 10, value: v, ...focus };
        return { name, type: 3, value: v, ...focus };
      });
    return {
      id: snowflake(),
      name: command,
      type: 1,
      guild_id: this.guildId,
      options: sub ? [{ name: sub, type: 1, options: opts }] : opts,
      resolved,
    };
  }

  #inject(user: FakeUser, kind: InteractionKind, type: number, data: object, opts: InjectOptions, message: StoredMessage | null): FakeInteraction {
    const channelId = opts.channelId ?? this.channels.main;
    const guildId = opts.guildId ?? this.guildOf(channelId);
    const id = snowflake();
    const token = `itoken-${id}-${Math.random().toString(36).slice(2)}`;
    const messagePayload =
      message ??
      (kind === 'button'
        ? this.messages.create(channelId, { content: '(forged)' }, [], { transient: true })
        : null);
    const interaction = new FakeInteraction(id, token, kind, user.id, channelId, Date.now(), messagePayload?.id ?? null);
    this.interactions.set(id, interaction);
    this.#byToken.set(token, interaction);
    this.#gateway.dispatch('INTERACTION_CREATE', {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: 'blog', permissions: user.permissions.toString() },
      member: memberPayload(user),
      app_permissions: (PERMISSION.ViewChannel | PERMISSION.SendMessages).toString(),
      locale: opts.locale ?? user.locale,
      guild_locale: 'ko',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 8 * 1024 * 1024,
      data,
      ...(messagePayload ? { message: this.messages.toApi(messagePayload) } : {}),
    });
    return interaction;
  }

  /** The server a channel belongs to. */
  guildOf(channelId: string): string {
    return channelId === this.otherGuild.channel ? this.otherGuild.id : this.guildId;
  }

  #knownChannel(channelId: string): boolean {
    return Object.values(this.channels).includes(channelId) || channelId === this.otherGuild.channel;
  }

  // ── REST ───────────────────────────────────────────────────────────────────────────────────────────────
  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const path = decodeURIComponent(url.pathname);
    const served = this.files.get(path);
    if (req.method === 'GET' && served) {
      res.writeHead(200, { 'content-type': served.contentType, 'content-length': served.data.length });
      res.end(served.data);
      return;
    }
    const { body, files, text } = await readBody(req);
    const route = path.replace(/^\/api\/v10/, '');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: route, query: url.searchParams, auth: req.headers.authorization ?? null, body, files, text, at: Date.now() };
    this.requests.push(recorded);
    await this.hold?.(recorded);
    const method = req.method ?? 'GET';
    const authed = req.headers.authorization === `Bot ${this.token}`;
    let m: RegExpMatchArray | null;

    if (method === 'GET' && route === '/gateway/bot') {
      if (!authed) return this.#json(res, 401, { message: '401: Unauthorized', code: 0 });
      return this.#json(res, 200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
    }
    if ((m = route.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      return this.#callback(res, m[1]!, m[2]!, body, files, url.searchParams.get('with_response') === 'true');
    }
    if ((m = route.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
      return this.#webhook(res, method, m[2]!, m[3] ?? null, body, files);
    }
    if ((m = route.match(/^\/channels\/(\d+)\/messages(?:\/(\d+))?$/))) {
      if (!authed) return this.#json(res, 401, { message: '401: Unauthorized', code: 0 });
      return this.#channelMessages(res, method, m[1]!, m[2] ?? null, body, files);
    }
    if ((m = route.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      if (!this.#knownChannel(m[1]!)) return this.#json(res, 404, { message: 'Unknown Channel', code: 10003 });
      return this.#json(res, 200, { id: m[1], type: 0, guild_id: this.guildOf(m[1]!), name: 'blog', position: 0, permission_overwrites: [] });
    }
    if ((m = route.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) && method === 'PUT') {
      if (!authed) return this.#json(res, 401, { message: '401: Unauthorized', code: 0 });
      const saved = (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: m![1], version: snowflake(), type: c.type ?? 1, ...(m![2] ? { guild_id: m![2] } : {}) }));
      if (m[2]) this.commands.guild.set(m[2], saved);
      else this.commands.global = saved;
      return this.#json(res, 200, saved);
    }
    return this.#json(res, 404, { message: `fake discord has no route ${method} ${route}`, code: 0 });
  }

  #callback(res: ServerResponse, id: string, token: string, body: any, files: UploadedFile[], withResponse: boolean): void {
    const i = this.interactions.get(id);
    if (!i || i.token !== token) return this.#json(res, 404, { message: 'Unknown interaction', code: 10062 });
    if (i.acked) return this.#json(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    if (Date.now() - i.createdAt > this.ackDeadlineMs) {
      i.late = true;
      i.changed();
      return this.#json(res, 404, { message: 'Unknown interaction', code: 10062 });
    }
    const type = Number(body?.type);
    const data = body?.data ?? {};
    i.callbacks.push({ type, data, at: Date.now() });
    let message: StoredMessage | undefined;
    if (type === 4 || type === 5) {
      message = this.messages.create(i.channelId, data, files, { interactionId: i.id, userId: i.userId, webhook: true, loading: type === 5 });
      i.originalId = message.id;
    } else if (type === 6 || type === 7) {
      message = this.message(i.messageId);
      i.originalId = i.messageId;
      i.originalEditsAtAck = message?.edits ?? 0;
      if (type === 7 && message) this.messages.edit(message, data, files);
    }
    i.changed();
    if (!withResponse) return this.#empty(res);
    return this.#json(res, 200, {
      interaction: {
        id: i.id,
        type: { command: 2, autocomplete: 4, button: 3, modal: 5 }[i.kind],
        response_message_id: message?.id,
        response_message_loading: type === 5,
        response_message_ephemeral: Boolean(message && message.flags & EPHEMERAL),
      },
      resource: { type, ...(message && (type === 4 || type === 7) ? { message: this.messages.toApi(message) } : {}) },
    });
  }

  #webhook(res: ServerResponse, method: string, token: string, messageRef: string | null, body: any, files: UploadedFile[]): void {
    const i = this.#byToken.get(token);
    if (!i) return this.#json(res, 404, { message: 'Unknown Webhook', code: 10015 });
    if (!i.acked) return this.#json(res, 404, { message: 'Unknown Webhook', code: 10015 });
    if (messageRef === null) {
      if (method !== 'POST') return this.#json(res, 405, { message: '405: Method Not Allowed', code: 0 });
      const m = this.messages.create(i.channelId, body, files, { interactionId: i.id, userId: i.userId, webhook: true });
      i.followupIds.push(m.id);
      i.changed();
      return this.#json(res, 200, this.messages.toApi(m));
    }
    const target = this.message(messageRef === '@original' ? i.originalId : messageRef);
    if (!target || target.deleted) return this.#json(res, 404, { message: 'Unknown Message', code: 10008 });
    if (method === 'GET') return this.#json(res, 200, this.messages.toApi(target));
    if (method === 'DELETE') {
      target.deleted = true;
      i.changed();
      return this.#empty(res);
    }
    if (method === 'PATCH') {
      this.messages.edit(target, body, files);
      i.changed();
      return this.#json(res, 200, this.messages.toApi(target));
    }
    return this.#json(res, 405, { message: '405: Method Not Allowed', code: 0 });
  }

  #channelMessages(res: ServerResponse, method: string, channelId: string, messageId: string | null, body: any, files: UploadedFile[]): void {
    if (!this.#knownChannel(channelId)) return this.#json(res, 404, { message: 'Unknown Channel', code: 10003 });
    if (messageId === null) {
      if (method !== 'POST') return this.#json(res, 405, { message: '405: Method Not Allowed', code: 0 });
      return this.#json(res, 200, this.messages.toApi(this.messages.create(channelId, body, files)));
    }
    const target = this.message(messageId);
    if (!target || target.deleted || target.channelId !== channelId || target.ephemeralFor) {
      return this.#json(res, 404, { message: 'Unknown Message', code: 10008 });
    }
    if (method === 'GET') return this.#json(res, 200, this.messages.toApi(target));
    if (method === 'PATCH') return this.#json(res, 200, this.messages.toApi(this.messages.edit(target, body, files)));
    if (method === 'DELETE') {
      target.deleted = true;
      return this.#empty(res);
    }
    return this.#json(res, 405, { message: '405: Method Not Allowed', code: 0 });
  }

  #json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  #empty(res: ServerResponse): void {
    res.writeHead(204);
    res.end();
  }
}

async function readBody(req: IncomingMessage): Promise<{ body: any; files: UploadedFile[]; text: string }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: null, files: [], text: '' };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    let body: any = {};
    const files: UploadedFile[] = [];
    const texts: string[] = [];
    const entries: [string, FormDataEntryValue][] = [];
    form.forEach((value, name) => entries.push([name, value]));
    for (const [name, value] of entries) {
      if (typeof value === 'string') {
        texts.push(value);
        if (name === 'payload_json') body = JSON.parse(value);
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ filename: value.name, contentType: value.type, data });
        if (TEXT_TYPES.test(value.type)) texts.push(data.toString('utf8'));
      }
    }
    return { body, files, text: texts.join('\n') };
  }
  const text = raw.toString('utf8');
  return { body: type.includes('json') ? JSON.parse(text) : text, files: [], text };
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return FakeDiscord.start(options);
}
