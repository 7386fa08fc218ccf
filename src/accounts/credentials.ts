// /account login (modal) and /account session (file): how the browser gets into NAVER. Both resume an
// account that was waiting for a login.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { UserInputError } from '../errors.ts';
import type { PrismaSessionStore } from './session-store.ts';
import { normaliseSession } from './session-import.ts';
import { accountInChannel } from '../channel-scope.ts';
import { resumeAccount } from './resume.ts';

export interface CredentialDeps extends Pick<Domain, 'db' | 'queues' | 'logger'> {
  sessions: PrismaSessionStore;
  /** Hosts an imported browser session must hold cookies for (naver.com plus configured NAVER hosts). */
  sessionHosts?: string[];
}

export async function setCredentials(d: CredentialDeps, accountRef: string, credentials: { username: string; password: string }, actor: Actor): Promise<void> {
  const account = await accountInChannel(d.db, accountRef, actor.channelId);
  const username = credentials.username.trim();
  if (!username || !credentials.password) throw new UserInputError('Enter both the NAVER ID and the password.', '네이버 아이디와 비밀번호를 모두 입력해 주세요.');
  if (credentials.password.length > 16) throw new UserInputError('NAVER passwords are at most 16 characters; check the password and try again.', '네이버 비밀번호는 최대 16자입니다. 비밀번호를 확인하고 다시 시도해 주세요.');
  await d.sessions.saveCredentials(account.id, { username, password: credentials.password });
  d.logger.info({ accountId: account.id, by: actor.userId }, 'credentials stored');
  if (account.status === 'needs_login') await resumeAccount(d, account.id);
}

export async function importSession(d: CredentialDeps, accountRef: string, json: unknown, actor: Actor): Promise<{ cookies: number }> {
  const account = await accountInChannel(d.db, accountRef, actor.channelId);
  const state = normaliseSession(json, d.sessionHosts);
  await d.sessions.saveSession(account.id, state);
  d.logger.info({ accountId: account.id, by: actor.userId, cookies: state.cookies.length }, 'browser session imported');
  if (account.status === 'needs_login') await resumeAccount(d, account.id);
  return { cookies: state.cookies.length };
}
