// The channel notices of the publish queue's jobs, dead letters and login relays. A draft card update is handed
// to the notifier at once and the job goes on: a worker is not held by REST round trips to Discord, so the
// account's next job (or a queue waiting for a worker slot) starts sooner. Any other notice of the account waits
// for that account's card updates still on their way, so the channel keeps its order (the "published" card
// before an alert that follows it). A card update on its way is owed in Redis (`<prefix>:cards-owed`, by draft)
// until the notifier is done with it; what a stop cut short is rendered again from PostgreSQL and sent when a
// worker replica starts (`resendOwed`). When Redis lost its data, what it owed went with it: the cards of drafts
// that wait on a person, or changed lately, are then shown again (`resendAfterRedisLoss`).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { DraftNotice, Notification, Notifier } from '../ports.ts';
import type { RedisClient } from '../redis.ts';
import { messageOf } from '../errors.ts';
import { settleWithin } from '../timeout.ts';
import { cardsToShowAgain, draftNotice } from './notices.ts';

export interface JobNoticesOptions {
  notifier: Notifier;
  redis: RedisClient;
  prefix: string;
  db: Db;
  logger: Logger;
}

/** What a card update owes: who moved the draft and how (the card is rendered again from the database). */
interface Owed {
  accountId: string;
  actor: string;
  action: string;
  /** Makes each update's entry its own: a later update of the same draft replaces it, and crosses off only its own. */
  token: string;
}

/**
 * Removes each draft's entry (ARGV: draft, entry, draft, entry, ...) only while it is still the one its update
 * wrote (the exact stored value).
 */
const CROSS_OFF = `for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0`;

export class JobNotices implements Notifier {
  readonly #o: JobNoticesOptions;
  readonly #key: string;
  /** Written once Redis is known to hold what it owes: gone means Redis lost its data (or never had this deployment's). */
  readonly #intact: string;
  /** Deliveries to cross off at the next turn of the event loop: one script for all of them, not one round trip each. */
  #crossOffs: string[] = [];
  #crossing: Promise<void> | null = null;
  /** Card updates on their way, by account. Each settles (never rejects) once the notifier is done with it. */
  readonly #pending = new Map<string, Set<Promise<void>>>();

  constructor(options: JobNoticesOptions) {
    this.#o = options;
    this.#key = `${options.prefix}:cards-owed`;
    this.#intact = `${options.prefix}:intact`;
  }

  async notify(n: Notification): Promise<void> {
    if (n.kind === 'draft') return void this.#card(n.draft);
    const accountId = accountOf(n);
    const before = accountId ? this.#pending.get(accountId) : undefined;
    if (before?.size) await Promise.all([...before]);
    await this.#o.notifier.notify(n);
  }

  /** Card updates still on their way, for a stop: true when all were done within `timeoutMs` (the rest stay owed). */
  async settled(timeoutMs: number): Promise<boolean> {
    const all = [...this.#pending.values()].flatMap((set) => [...set]);
    if (all.length === 0) return true;
    return settleWithin(Promise.all(all).then(() => true), timeoutMs, () => false);
  }

  /** Sends again, from the drafts as they are now, the card updates an earlier process left owed. Returns how many. */
  async resendOwed(): Promise<number> {
    const owed = await this.#o.redis.hgetall(this.#key);
    let resent = 0;
    for (const [draftId, stored] of Object.entries(owed)) {
      const entry = parseOwed(stored);
      const notice = entry ? await draftNotice(this.#o.db, draftId, entry.actor, entry.action) : null;
      if (!notice) {
        // The draft is gone (or the entry unreadable): nothing to show.
        await this.#crossOff(draftId, stored);
        continue;
      }
      void this.#card(notice);
      resent++;
    }
    if (resent > 0) this.#o.logger.info({ resent }, 'card updates owed by an earlier process sent again');
    return resent;
  }

  /**
   * Finds out whether Redis lost its data (its marker is gone: an empty new instance, a flush, a restart without
   * persistence) and then shows again, rendered from PostgreSQL, the cards the lost entries may have owed (see
   * cardsToShowAgain). One replica does it: it claims the marker for two minutes, records the cards as owed, and
   * only then marks Redis as whole, so a replica that dies in between leaves the claim to expire and the pass to
   * be done again (at the next start or check). Run after `resendOwed`. Returns how many cards (0: nothing lost).
   */
  async resendAfterRedisLoss(): Promise<number> {
    const claimed = await this.#o.redis.set(this.#intact, 'showing cards again', 'PX', 120_000, 'NX');
    if (claimed !== 'OK') return 0;
    const notices = await cardsToShowAgain(this.#o.db);
    await Promise.all(notices.map((notice) => this.#card(notice)));
    await this.#o.redis.set(this.#intact, new Date().toISOString());
    if (notices.length > 0) this.#o.logger.warn({ cards: notices.length }, 'Redis had lost its data (or is new): draft cards shown again from the database');
    return notices.length;
  }

  /** Hands the card to the notifier; settles once it is recorded as owed (true) or could not be (false). */
  #card(draft: DraftNotice): Promise<boolean> {
    const entry = JSON.stringify({ accountId: draft.accountId, actor: draft.actor, action: draft.action, token: randomUUID() } satisfies Owed);
    // Written before the notifier sends (commands on one connection run in order); the card goes out without
    // waiting for the reply, so a slow Redis delays nothing. Without the entry the update is only not owed.
    const recorded = this.#o.redis.hset(this.#key, draft.draftId, entry).then(
      () => true,
      (err: unknown) => (this.#o.logger.warn({ draftId: draft.draftId, err: messageOf(err) }, 'could not record an owed card update'), false),
    );
    const delivery = this.#o.notifier
      .notify({ kind: 'draft', draft })
      .catch((err: unknown) => this.#o.logger.warn({ draftId: draft.draftId, err: messageOf(err) }, 'could not update a draft card'))
      .then(async () => {
        if (await recorded) await this.#crossOff(draft.draftId, entry);
      });
    this.#track(draft.accountId, delivery);
    return recorded;
  }

  #crossOff(draftId: string, entry: string): Promise<void> {
    this.#crossOffs.push(draftId, entry);
    this.#crossing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const args = this.#crossOffs;
      this.#crossOffs = [];
      this.#crossing = null;
      await this.#o.redis.eval(CROSS_OFF, 1, this.#key, ...args).catch((err: unknown) => this.#o.logger.warn({ cards: args.length / 2, err: messageOf(err) }, 'could not cross off delivered card updates'));
    });
    return this.#crossing;
  }

  #track(accountId: string, delivery: Promise<void>): void {
    const set = this.#pending.get(accountId) ?? new Set<Promise<void>>();
    this.#pending.set(accountId, set);
    set.add(delivery);
    void delivery.finally(() => {
      set.delete(delivery);
      if (set.size === 0 && this.#pending.get(accountId) === set) this.#pending.delete(accountId);
    });
  }
}

function parseOwed(stored: string): Owed | null {
  try {
    const v = JSON.parse(stored) as Partial<Owed>;
    return typeof v.actor === 'string' && typeof v.action === 'string' ? (v as Owed) : null;
  } catch {
    return null;
  }
}

/** The account a notice is about, when it names one. */
function accountOf(n: Notification): string | null {
  switch (n.kind) {
    case 'preview':
      return n.preview.accountId;
    case 'editor_check':
    case 'weekly_report':
      return null;
    case 'draft':
      return n.draft.accountId;
    default:
      return n.accountId;
  }
}
