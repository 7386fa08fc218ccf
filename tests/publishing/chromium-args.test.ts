// The switches the publisher launches Debian's Chromium with: Playwright's own disabled features stay disabled
// (Chromium reads only the last --disable-features), and a window opens no address-bar WebUI renderers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM_ARGS, OURS_DISABLED } from '../../src/publishing/naver/chromium-args.ts';
import { cmdline, descendants } from '../reliability/support/procs.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The features the browser process was told to disable: the last --disable-features on its command line. */
function disabledFeatures(): string[] {
  const browser = descendants(process.pid).map(cmdline).find((c) => c.includes('--remote-debugging-pipe') && !c.includes('--type='));
  assert.ok(browser, 'the Chromium browser process is a child of this process');
  const values = [...browser.matchAll(/--disable-features=(\S*)/g)].map((m) => m[1]!);
  return values.at(-1)?.split(',') ?? [];
}

async function withBrowser<T>(args: string[], work: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath, headless: true, args });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

test('the publisher’s Chromium keeps every feature Playwright turns off turned off, and turns off the address-bar popups', async () => {
  const playwrights = await withBrowser([], async () => disabledFeatures());
  assert.ok(playwrights.length > 0, 'Playwright passes a --disable-features of its own');
  const ours = await withBrowser(CHROMIUM_ARGS, async () => disabledFeatures());
  const lost = playwrights.filter((f) => !ours.includes(f));
  assert.deepEqual(lost, [], `Playwright now disables ${lost.join(', ')}: add them to PLAYWRIGHT_DISABLED in src/publishing/naver/chromium-args.ts`);
  for (const f of OURS_DISABLED) assert.ok(ours.includes(f), f);
});

test('a page the publisher opens comes with no address-bar WebUI of its own', async (t) => {
  const targets = (args: string[]) =>
    withBrowser(args, async (browser) => {
      const context = await browser.newContext();
      await context.newPage();
      const session = await browser.newBrowserCDPSession();
      const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: Array<{ type: string; url: string }> };
      return targetInfos.map((t) => `${t.type} ${t.url}`);
    });
  // Without our switches, Chromium 156 opens them (said in the failure message, and noted when it does not).
  const plain = await targets(CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features=')));
  const ours = await targets(CHROMIUM_ARGS);
  assert.ok(ours.some((t) => t.startsWith('page ')), ours.join('\n'));
  assert.deepEqual(
    ours.filter((t) => t.includes('omnibox')),
    [],
    `plain Chromium shows: ${plain.join(' | ')}`,
  );
  if (!plain.some((x) => x.includes('omnibox'))) t.diagnostic('this Chromium opens no address-bar popups even without the switches');
});
