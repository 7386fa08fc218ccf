// /account login (modal) and /account session (file): how the browser gets into NAVER. Both resume an
// account that was waiting for a login.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { UserInputError } from '../refusals.ts';
import type { PrismaSessionStore } from './session-store.ts';
import { normaliseSession } from './session-import.ts';
import { accountInChannel } from '../channel-scope.ts';
import { resumeAccount } from './resume.ts';
import { requestLogin } from './login-job.ts';

/** NAVER refuses longer passwords; one that is longer was mistyped or pasted with something else. */
const NAVER_PASSWORD_MAX = 16;

export interface CredentialDeps extends Pick<Domain, 'db' | 'queues' | 'logger'> {
  sessions: PrismaSessionStore;
  /** Hosts an imported browser session must hold cookies for (naver.com plus configured NAVER hosts). */
  sessionHosts?: string[];
}

export async function setCredentials(d: CredentialDeps, accountRef: string, credentials: { username: string; password: string }, actor: Actor): Promise<void> {
  const account = await accountInChannel(d.db, accountRef, actor.channelId);
  const username = credentials.username.trim();
  if (!username || !credentials.password) throw new UserInputError('login_incomplete');
  if (credentials.password.length > NAVER_PASSWORD_MAX) throw new UserInputError('password_too_long', { max: NAVER_PASSWORD_MAX });
  await d.sessions.saveCredentials(account.id, { username, password: credentials.password });
  d.logger.info({ accountId: account.id, by: actor.userId }, 'credentials stored');
  if (account.status === 'needs_login') await resumeAccount(d, account.id);
  // Right away, ahead of the posts waiting: the team learns now whether the login works.
  await requestLogin(d, account.id, actor.userId);
}

export async function importSession(d: CredentialDeps, accountRef: string, json: unknown, actor: Actor): Promise<{ cookies: number }> {
  const account = await accountInChannel(d.db, accountRef, actor.channelId);
  const state = normaliseSession(json, d.sessionHosts);
  await d.sessions.saveSession(account.id, state);
  d.logger.info({ accountId: account.id, by: actor.userId, cookies: state.cookies.length }, 'browser session imported');
  if (account.status === 'needs_login') await resumeAccount(d, account.id);
  return { cookies: state.cookies.length };
}
