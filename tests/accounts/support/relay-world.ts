// Two replicas sharing PostgreSQL and Redis, as in production: A holds the Discord gateway (the real
// discord.js bot against the fake Discord) and runs no worker; B runs the workers and the browser (real
// Chromium against the fake NAVER). Every click and form reaches A; every login, and its relay, runs on B.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/logging.ts';
import { naverPublisherKit } from '../../support/naver-publisher.ts';
import { enqueuePublish } from '../../../src/drafts/jobs.ts';
import { buttons, type StoredMessage } from '../../fakes/fake-discord/index.ts';
import { startFakeNaver, type FakeNaver } from '../../fakes/fake-naver/server.ts';
import { startWorld, type World } from '../../discord/support/discord-world.ts';
import type { Harness } from '../../support/harness.ts';
import { sampleArticle } from '../../support/fakes.ts';

export interface RelayWorld {
  w: World;
  naver: FakeNaver;
  /** The worker replica holding the browser. */
  worker: Harness;
  /** Every log line of both replicas and the bot. */
  logs(): string;
  /** Starts (again) a worker replica; the previous one must have stopped. */
  startWorker(): Promise<Harness>;
  /** An account linked to the main channel, its NAVER user on the fake, its credentials stored. */
  account(blogId: string): Promise<{ id: string; blogId: string; username: string; password: string }>;
  /** An approved draft of the account, queued for publishing now. */
  approvedDraft(accountId: string): Promise<string>;
  /** The newest relay message in the main channel (it carries the relay id in its footer). */
  relayMessage(): StoredMessage | undefined;
  stop(): Promise<void>;
}

/** Long enough for another account to publish meanwhile on a loaded machine; the timeout test waits it out. */
export const RELAY_TIMEOUT_MS = 30_000;

export async function startRelayWorld(): Promise<RelayWorld> {
  const naver = await startFakeNaver({ draftPopupDelayMs: -1 });
  const lines: string[] = [];
  const logger = (): Logger =>
    createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
  const config = { LOGIN_RELAY_TIMEOUT_MS: RELAY_TIMEOUT_MS, PUBLISH_TIMEOUT_MS: 60_000 };
  const w = await startWorld({ runWorkers: false, config, logger: logger() });
  const kit = await naverPublisherKit(naver, 'relay');
  let worker!: Harness;
  const world: RelayWorld = {
    w,
    naver,
    get worker() {
      return worker;
    },
    logs: () => [...lines, ...w.logs].join('\n'),
    async startWorker() {
      const log = logger();
      worker = await w.harness.replica({
        runWorkers: true,
        config,
        logger: log,
        notifier: w.harness.notifier,
        // One browser context: a relay waiting for a person must still let another account publish.
        publisherFactory: kit.factory({ maxContexts: 1, logger: log, stepTimeoutMs: 10_000, draftPopupWaitMs: 300, confirmTimeoutMs: 10_000 }),
      });
      return worker;
    },
    async account(blogId) {
      const user = { username: `${blogId}-id`, password: `pw-${blogId}`.slice(0, 16), blogId };
      naver.addUser(user);
      const id = await w.addAccount(blogId);
      await w.harness.core.sessions.saveCredentials(id, { username: user.username, password: user.password });
      return { id, ...user };
    },
    async approvedDraft(accountId) {
      const article = sampleArticle(`릴레이 ${Math.random().toString(36).slice(2, 8)}`);
      const draft = await w.harness.db.draft.create({
        data: { accountId, topic: '릴레이', title: article.title, body: article.blocks, tags: article.tags, status: 'approved' },
      });
      await enqueuePublish(w.harness.core.domain, draft.id);
      return draft.id;
    },
    relayMessage() {
      return w.fake
        .channelMessages(w.fake.channels.main)
        .filter((m) => m.embeds.some((e) => /네이버가 질문을 합니다|네이버 로그인$/.test(e.title ?? '')))
        .at(-1);
    },
    async stop() {
      await w.stop();
      await naver.close();
      await kit.remove();
    },
  };
  await world.startWorker();
  return world;
}

export function buttonLabels(m: StoredMessage | undefined): string[] {
  return buttons(m).map((b) => b.label);
}
