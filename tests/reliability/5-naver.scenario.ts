// Scenario 5: the NAVER browser hangs on 10 % of publishes (half before the final click: the write page never
// loads; half after it: the post is stored and NAVER never answers), and Chromium is killed from outside a
// few times (while the editor is filled, and right after a click). Each is aborted or recovered, the
// account's next post still goes out, and nothing is published twice.
import { test, after } from 'node:test';
import { World } from './support/world.ts';
import { Person } from './support/person.ts';
import { finish, makeAccounts, makeTags, requestAll, setUp } from './support/batch.ts';
import { ownerOfConnection, processName, ancestry } from './support/procs.ts';

let world: World | undefined;
after(async () => world?.stop());

test('a hanging NAVER and a Chromium killed from outside: every publish is aborted or recovered, none twice', { timeout: 12 * 60_000 }, async () => {
  world = await World.create({
    scenario: 5,
    name: 'naver-browser',
    replicas: [{ name: 'all', role: 'all' }],
    gemini: { failRate: 0, delayMs: 200 },
    env: { PUBLISH_TIMEOUT_MS: '30000' },
  });
  const w = world;
  await w.start();
  const person = new Person(w, w.admin);
  const accounts = makeAccounts(5, 4);
  await setUp(w, person, accounts);
  person.startApproving();

  // Chromium's browser process (the one node launched), found from the browser connection that reached NAVER.
  const naverPort = Number(new URL(w.naver.baseUrl).port);
  const node = () => w.replica('all').nodePid();
  const browserOf = (clientPort: number): number | null => {
    const owner = ownerOfConnection(clientPort, naverPort);
    if (!owner) return null;
    const chain = ancestry(owner);
    const i = chain.indexOf(node() ?? -1);
    return i > 0 && /chrom/i.test(processName(chain[i - 1]!)) ? chain[i - 1]! : null;
  };
  const killed: string[] = [];
  const kill = (pid: number | null, when: string) => {
    if (!pid) return;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(when);
    } catch {
      // already gone
    }
  };
  let beforeClick = 2;
  let afterClick = 1;
  w.naver.hooks.writePage = (_blogId, port) => {
    if (beforeClick <= 0 || Math.random() > 0.4) return;
    beforeClick--;
    const pid = browserOf(port);
    setTimeout(() => kill(pid, 'while filling the editor'), 1_000 + Math.random() * 2_000);
  };
  w.naver.hooks.afterStore = (_post, port) => {
    if (afterClick <= 0 || beforeClick > 0) return;
    afterClick--;
    kill(browserOf(port), 'right after the click');
  };
  w.naver.knobs.writePageHangRate = 0.05;
  w.naver.knobs.afterSubmitHangRate = 0.05;

  const tags = makeTags(5, 12);
  await requestAll(person, tags, accounts, 3);
  await finish(w, person, tags, () => ({ chromiumKilled: killed, writePagesServed: w.naver.writePagesServed }));
});
