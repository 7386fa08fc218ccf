// The daily editor check (EDITOR_CHECK_HOUR, off when unset): once a day, at that hour in DEFAULT_TIMEZONE,
// one editor check job for the blog host, run with one account (the editor is the same for every account on
// the host). Every replica that runs this may tick; a Redis key per host and day lets exactly one of them add
// the job. What the check tells the channels (only changes) is decided by the job (publishing/editor-check.ts).
import type { Domain } from '../domain.ts';
import { EDITOR_CHECK_JOB } from '../queues/jobs.ts';

export interface DailyEditorCheckOptions {
  /** Local hour (0–23) at which the check runs. */
  hour: number;
  timeZone: string;
  /** NAVER_BLOG_URL's host. */
  blogHost: string;
  /** How often the clock is looked at. */
  everyMs?: number;
}

export type TickOutcome = 'not_due' | 'already_ran' | 'no_account' | 'queued';

export class DailyEditorCheck {
  readonly #d: Pick<Domain, 'db' | 'queues' | 'logger'>;
  readonly #opts: DailyEditorCheckOptions;
  #timer: NodeJS.Timeout | null = null;

  constructor(d: Pick<Domain, 'db' | 'queues' | 'logger'>, opts: DailyEditorCheckOptions) {
    this.#d = d;
    this.#opts = opts;
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.tick().catch((err) => this.#d.logger.warn({ err }, 'daily editor check tick failed'));
    }, this.#opts.everyMs ?? 60_000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Queues today's check if it is the hour and nobody has yet. */
  async tick(now: Date = new Date()): Promise<TickOutcome> {
    const { day, hour } = localDayAndHour(now, this.#opts.timeZone);
    if (hour !== this.#opts.hour) return 'not_due';
    const { connection, prefix } = this.#d.queues.opts;
    const claimed = await connection.set(`${prefix}:editor-check:${this.#opts.blogHost}:${day}`, '1', 'EX', 3 * 24 * 3600, 'NX');
    if (claimed !== 'OK') return 'already_ran';
    // One account is enough: the oldest active one that can reach NAVER and has a channel to tell.
    const account = await this.#d.db.account.findFirst({
      where: { status: 'active', channels: { some: {} }, OR: [{ sessionEnc: { not: null } }, { credentialsEnc: { not: null } }] },
      orderBy: { createdAt: 'asc' },
    });
    if (!account) {
      this.#d.logger.info({ day }, 'daily editor check skipped: no active account with a NAVER login');
      return 'no_account';
    }
    const payload = { accountId: account.id, kind: 'daily' as const, host: this.#opts.blogHost };
    await this.#d.queues.add('publish', account.id, EDITOR_CHECK_JOB, payload, { jobId: `editor-check-daily-${day}`, attempts: 1 });
    this.#d.logger.info({ accountId: account.id, day }, 'daily editor check queued');
    return 'queued';
  }
}

function localDayAndHour(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}
