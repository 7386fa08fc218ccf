// Shared setup for the publishing tests: the fake NAVER, a fresh PostgreSQL database behind the real
// PrismaSessionStore (AES-256-GCM, random key), a log-capturing logger and a temp screenshot directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { SecretBox } from '../../src/accounts/secrets.ts';
import { PrismaSessionStore } from '../../src/accounts/session-store.ts';
import type { Article } from '../../src/article.ts';
import type { PublishOptions, PublishRequest } from '../../src/ports.ts';
import { createNaverPublisher, type NaverPublisher, type NaverPublisherOptions } from '../../src/publishing/naver/naver-publisher.ts';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeNaver, type FakeNaver, type FakeNaverKnobs } from '../fakes/fake-naver/server.ts';

export interface TestAccount {
  id: string;
  blogId: string;
  username: string;
  password: string;
}

export interface Harness {
  fake: FakeNaver;
  tdb: TestDatabase;
  store: PrismaSessionStore;
  /** Every log entry the publishers emitted, serialised. */
  logs: string[];
  screenshotDir: string;
  publisher(options?: Partial<NaverPublisherOptions>): NaverPublisher;
  /** An Account row; its NAVER user exists on the fake. `storedPassword` lets the stored one be wrong. */
  account(options?: { credentials?: boolean; storedPassword?: string }): Promise<TestAccount>;
  request(account: TestAccount, overrides?: Partial<PublishRequest>): PublishRequest;
  close(): Promise<void>;
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export function sampleArticle(title = `테스트 글 ${unique()}`): Article {
  return {
    title,
    blocks: [
      { type: 'heading', text: '오늘의 이야기' },
      { type: 'paragraph', text: '서울 성수동의 작은 카페를 다녀왔습니다. <라떼> & "스콘"이 유명해요.\n두 번째 줄입니다.' },
      { type: 'list', ordered: true, items: ['아침 9시에 도착', '라떼 주문', '창가 자리'] },
      { type: 'list', ordered: false, items: ['주차 불가', '반려견 동반 가능'] },
      { type: 'quote', text: '커피는 기다림의 맛이다.' },
      { type: 'paragraph', text: 'Plain ASCII text with  two spaces.' },
    ],
    tags: ['성수카페', '서울여행', 'latte'],
  };
}

export function publishOptions(signal = AbortSignal.timeout(30_000)): PublishOptions & { submits: number } {
  const options = {
    signal,
    submits: 0,
    beforeSubmit: async () => {
      options.submits++;
    },
  };
  return options;
}

export async function startHarness(knobs: Partial<FakeNaverKnobs> = {}): Promise<Harness> {
  const fake = await startFakeNaver(knobs);
  const tdb = await createTestDatabase();
  const store = new PrismaSessionStore(tdb.db, new SecretBox(randomBytes(32).toString('base64')));
  const screenshotDir = await mkdtemp(path.join(os.tmpdir(), 'bap-shots-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  const publishers: NaverPublisher[] = [];

  return {
    fake,
    tdb,
    store,
    logs,
    screenshotDir,
    publisher(options = {}) {
      const p = createNaverPublisher({
        sessions: store,
        chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        blogUrl: fake.blogUrl,
        loginUrl: fake.loginUrl,
        maxContexts: 2,
        screenshotDir,
        logger,
        stepTimeoutMs: 5_000,
        draftPopupWaitMs: 700,
        confirmTimeoutMs: 5_000,
        ...options,
      });
      publishers.push(p);
      return p;
    },
    async account(options = {}) {
      const id = unique();
      const acc = { blogId: `blog${id}`, username: `user${id}`, password: `pw-${randomBytes(6).toString('hex')}` };
      fake.addUser(acc);
      // Linked to a channel, as every managed account is (a session is only saved back for such accounts).
      const row = await tdb.db.account.create({ data: { blogId: acc.blogId, guildId: 'guild-pub', channels: { create: { channelId: 'chan-pub', guildId: 'guild-pub' } } } });
      if (options.credentials !== false) {
        await store.saveCredentials(row.id, { username: acc.username, password: options.storedPassword ?? acc.password });
      }
      return { id: row.id, ...acc };
    },
    request(account, overrides = {}) {
      return {
        accountId: account.id,
        blogId: account.blogId,
        draftId: `draft${unique()}`,
        article: sampleArticle(),
        visibility: 'public',
        category: null,
        ...overrides,
      };
    },
    async close() {
      await Promise.all(publishers.map((p) => p.close()));
      await fake.close();
      await tdb.drop();
      await rm(screenshotDir, { recursive: true, force: true });
    },
  };
}

export function postsOf(fake: FakeNaver, blogId: string) {
  return fake.posts.filter((p) => p.blogId === blogId);
}
