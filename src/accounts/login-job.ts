// `/account login` logs in right away: a `login` job on the account's publish queue (so the account's browser
// still does one thing at a time, ahead of the posts waiting there) tries the stored credentials from a fresh
// browser. NAVER's questions go through the login relay; the channel hears the outcome either way.
import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { Domain } from '../domain.ts';
import type { ArticlePublisher } from '../ports.ts';
import { NeedsLoginError, RetryableError, messageOf } from '../errors.ts';
import { parsePayload } from '../queues/jobs.ts';
import { hasLiveJob } from '../drafts/jobs.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { withDeadline } from '../timeout.ts';
import type { LoginRelays } from './login-relay.ts';
import { resumeAccount } from './resume.ts';

export const LOGIN_JOB = 'login';
const loginJobSchema = z.object({ accountId: z.string().min(1).max(64), requestedBy: z.string().max(64).default('system') });

export const loginJobId = (accountId: string) => `login-${accountId}`;

/** Queues the login at the front of the account's publish queue (a no-op while one is waiting already). */
export async function requestLogin(d: Pick<Domain, 'queues'>, accountId: string, requestedBy: string): Promise<void> {
  const jobId = loginJobId(accountId);
  if (await hasLiveJob(d.queues, 'publish', accountId, jobId)) return;
  await d.queues.add('publish', accountId, LOGIN_JOB, { accountId, requestedBy }, { jobId, lifo: true, attempts: 1 });
}

export interface LoginJobDeps extends Domain {
  publisher: ArticlePublisher;
  relays: LoginRelays;
  publishTimeoutMs: number;
}

export async function runLoginJob(d: LoginJobDeps, job: Job): Promise<{ status: string }> {
  const { accountId } = parsePayload(loginJobSchema, job.data, 'login');
  const log = d.logger.child({ accountId, jobId: job.id, queue: job.queueName });
  const account = await d.db.account.findUnique({ where: { id: accountId }, select: { blogId: true, status: true } });
  if (!account) return { status: 'account_gone' };
  if (!d.publisher.login) {
    log.info('this replica publishes without a browser; the login is tried at the next publish');
    return { status: 'skipped' };
  }
  const at = { accountId, blogId: account.blogId };
  let relayed = false;
  try {
    await withDeadline('Logging in to NAVER', d.publishTimeoutMs, (signal, extend) =>
      d.publisher.login!(at, {
        signal,
        relay: () => {
          relayed = true;
          return d.relays.open(at, { extend, signal });
        },
      }),
    );
  } catch (err) {
    // Stopped by a shutdown: the relay's message says so; nothing about the account changed.
    if (err instanceof RetryableError && err.errorClass === 'shutdown') return { status: 'stopped' };
    const failure = err instanceof NeedsLoginError ? err : new NeedsLoginError(`Logging in to NAVER for blog "${account.blogId}" did not complete.`, 'login_failed');
    log.warn({ reason: failure.reason, err: err instanceof NeedsLoginError ? undefined : messageOf(err) }, 'the login asked for with /account login did not go through');
    await loginFailed(d, at, failure);
    return { status: 'needs_login' };
  }
  if ((await d.db.account.findUnique({ where: { id: accountId }, select: { status: true } }))?.status === 'needs_login') await resumeAccount(d, accountId);
  // Through a relay, its message already says so.
  if (!relayed) await tell(d, at, 'logged_in', null);
  log.info('logged in to naver with the stored credentials');
  return { status: 'logged_in' };
}

async function loginFailed(d: LoginJobDeps, at: { accountId: string; blogId: string }, err: NeedsLoginError): Promise<void> {
  await d.db.account.updateMany({ where: { id: at.accountId, status: 'active' }, data: { status: 'needs_login' } });
  await d.queues.pause('publish', at.accountId);
  // Someone asked for this login, so the channel always hears how it ended (a relay's message says it itself).
  if (err.announced) return;
  await d.notifier
    .notify({ kind: 'needs_login', ...at, channelIds: await linkedChannels(d.db, at.accountId), reason: err.reason, message: err.message })
    .catch((e: unknown) => d.logger.warn({ err: messageOf(e) }, 'could not send the needs-login alert'));
}

async function tell(d: Pick<Domain, 'db' | 'notifier'>, at: { accountId: string; blogId: string }, step: 'logged_in', reason: null): Promise<void> {
  await d.notifier.notify({
    kind: 'login_relay',
    relayId: randomBytes(9).toString('base64url'),
    ...at,
    channelIds: await linkedChannels(d.db, at.accountId),
    step,
    question: null,
    expiresAt: new Date(),
    by: null,
    reason,
  });
}
