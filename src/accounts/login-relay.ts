// The login relay's switchboard, one per process. The process holding the browser opens a relay when NAVER
// asks a person something; any replica that receives a click or a form delivers the answer through Redis:
// the relay's state is a key (`<prefix>:login-relay:<id>`, gone when the relay ends) and the answer travels,
// sealed with CREDENTIALS_KEY, on the relay's own pub/sub channel, which only its holder listens to. Answers
// are never written to a key, a log line, an error or the database.
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { LoginRelay, Notifier } from '../ports.ts';
import { RetryableError } from '../errors.ts';
import type { SecretBox } from './secrets.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { RelaySession, type RelayMessage, type RelayRecord } from './relay-session.ts';

export type { RelayMessage, RelayRecord };

export interface LoginRelaysOptions {
  redis: RedisClient;
  /** Makes the connection that listens for answers (opened on the first relay of this process). */
  subscriber: () => RedisClient;
  prefix: string;
  box: SecretBox;
  notifier: Notifier;
  db: Db;
  /** LOGIN_RELAY_TIMEOUT_MS: how long one relay waits for people, all its questions together. */
  timeoutMs: number;
  logger: Logger;
}

/** How long a claimed answer blocks a second one while the first is tried on NAVER. */
const CLAIM_MS = 60_000;

export class LoginRelays {
  readonly #o: LoginRelaysOptions;
  readonly #open = new Map<string, RelaySession>();
  #subscriber: RedisClient | null = null;
  #closed = false;

  constructor(options: LoginRelaysOptions) {
    this.#o = options;
  }

  get timeoutMs(): number {
    return this.#o.timeoutMs;
  }

  /** Relays this process holds now. */
  openCount(): number {
    return this.#open.size;
  }

  /**
   * Opens the relay of one login. `extend` lengthens the caller's own deadline by the relay's time; when
   * `signal` aborts (the job's timeout), the relay ends as stopped.
   */
  async open(at: { accountId: string; blogId: string }, hooks: { extend?: (ms: number) => void; signal?: AbortSignal } = {}): Promise<LoginRelay> {
    if (this.#closed) throw new RetryableError('The service is shutting down; the login will be tried again.', 'shutdown');
    const relayId = randomBytes(9).toString('base64url');
    const channel = this.#channel(relayId);
    const session = new RelaySession({
      relayId,
      at,
      channelIds: await linkedChannels(this.#o.db, at.accountId),
      timeoutMs: this.#o.timeoutMs,
      notifier: this.#o.notifier,
      logger: this.#o.logger.child({ accountId: at.accountId, relayId }),
      save: (record, ttlMs) => this.#o.redis.set(this.#key(relayId), JSON.stringify(record), 'PX', Math.max(1, ttlMs)).then(() => undefined),
      release: () => this.#o.redis.del(this.#claim(relayId)).then(() => undefined),
      ended: () => {
        this.#open.delete(relayId);
        void this.#forget(relayId).catch(() => undefined);
        void this.#subscriber?.unsubscribe(channel).catch(() => undefined);
      },
    });
    this.#open.set(relayId, session);
    try {
      await (await this.#listening()).subscribe(channel);
    } catch (err) {
      // Nobody could hear an answer: end quietly (nothing was shown) and let the login fail as it would have.
      session.discard();
      throw new RetryableError(`The login relay could not listen for answers (${err instanceof Error ? err.message : String(err)}).`, 'redis');
    }
    hooks.extend?.(this.#o.timeoutMs);
    if (hooks.signal) session.endWith(hooks.signal);
    this.#o.logger.info({ accountId: at.accountId, relayId }, 'naver asked a question; it goes to the account channels');
    return session;
  }

  /** The relay's state as every replica sees it; null once it has ended (or never was). */
  async read(relayId: string): Promise<RelayRecord | null> {
    const raw = await this.#o.redis.get(this.#key(relayId));
    return raw ? (JSON.parse(raw) as RelayRecord) : null;
  }

  /**
   * Sends an answer or a Cancel to the relay's holder. `busy`: another answer is being tried right now;
   * `ended`: nobody holds the relay any more (it ended, or its process went away).
   */
  async deliver(relayId: string, message: RelayMessage): Promise<'delivered' | 'busy' | 'ended'> {
    if (message.type === 'answer') {
      const claimed = await this.#o.redis.set(this.#claim(relayId), '1', 'PX', CLAIM_MS, 'NX');
      if (claimed !== 'OK') return 'busy';
    }
    const heard = await this.#o.redis.publish(this.#channel(relayId), this.#o.box.seal(message));
    if (heard > 0) return 'delivered';
    await this.#forget(relayId);
    return 'ended';
  }

  /** Shutdown: every relay of this process ends as stopped, and no new one opens. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const session of [...this.#open.values()]) await session.stop();
    const sub = this.#subscriber;
    this.#subscriber = null;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  async #listening(): Promise<RedisClient> {
    if (this.#subscriber) return this.#subscriber;
    const sub = this.#o.subscriber();
    sub.on('error', (err) => this.#o.logger.warn({ err: err.message }, 'login relay subscriber error'));
    sub.on('message', (channel: string, payload: string) => this.#heard(channel, payload));
    this.#subscriber = sub;
    return sub;
  }

  #heard(channel: string, sealed: string): void {
    const relayId = channel.slice(channel.lastIndexOf(':') + 1);
    const session = this.#open.get(relayId);
    if (!session) return;
    let message: RelayMessage;
    try {
      message = this.#o.box.open<RelayMessage>(sealed);
    } catch {
      this.#o.logger.warn({ relayId }, 'a login relay message could not be opened; ignored');
      return;
    }
    session.receive(message);
  }

  /** One key per command: on a Redis Cluster the two keys may live in different slots. */
  async #forget(relayId: string): Promise<void> {
    await Promise.all([this.#o.redis.del(this.#key(relayId)), this.#o.redis.del(this.#claim(relayId))]);
  }

  #key(relayId: string): string {
    return `${this.#o.prefix}:login-relay:${relayId}`;
  }
  #claim(relayId: string): string {
    return `${this.#key(relayId)}:claim`;
  }
  #channel(relayId: string): string {
    return `${this.#o.prefix}:login-relay-answers:${relayId}`;
  }
}
