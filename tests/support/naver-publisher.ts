// The real NAVER publisher (Playwright on Debian's Chromium) aimed at the fake NAVER, with its screenshots in a
// temporary folder: what every test that publishes through a browser starts the same way.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNaverPublisher, type NaverPublisher, type NaverPublisherOptions } from '../../src/publishing/naver/naver-publisher.ts';
import type { SessionStore } from '../../src/ports.ts';
import type { FakeNaver } from '../fakes/fake-naver/server.ts';

export interface NaverPublisherKit {
  /** Where failure and post screenshots go. */
  shots: string;
  /** The settings that point the service at the fake NAVER. */
  config: { NAVER_BLOG_URL: string; NAVER_LOGIN_URL: string };
  /** A harness's or world's `publisherFactory`; `over` changes the defaults (2 contexts, short step timeouts). */
  factory(over?: Partial<NaverPublisherOptions>): (sessions: SessionStore) => NaverPublisher;
  /** Removes the screenshots. */
  remove(): Promise<void>;
}

export async function naverPublisherKit(fake: FakeNaver, name: string): Promise<NaverPublisherKit> {
  const shots = await mkdtemp(path.join(os.tmpdir(), `bap-${name}-shots-`));
  return {
    shots,
    config: { NAVER_BLOG_URL: fake.blogUrl, NAVER_LOGIN_URL: fake.loginUrl },
    factory: (over = {}) => (sessions) =>
      createNaverPublisher({
        sessions,
        chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        blogUrl: fake.blogUrl,
        loginUrl: fake.loginUrl,
        maxContexts: 2,
        screenshotDir: shots,
        stepTimeoutMs: 5_000,
        draftPopupWaitMs: 700,
        confirmTimeoutMs: 5_000,
        ...over,
      }),
    remove: () => rm(shots, { recursive: true, force: true }),
  };
}
