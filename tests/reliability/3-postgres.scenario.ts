// Scenario 3: PostgreSQL out of reach for 10 s mid-run (a TCP proxy in front of it drops every connection and
// refuses new ones). Jobs fail and are retried; a member clicking Approve or asking for a post meanwhile gets
// a clear "try again" and does; nothing is left half-written (every row agrees with its audit trail).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buttons } from '../fakes/fake-discord/index.ts';
import { TcpProxy } from './support/tcp-proxy.ts';
import { World } from './support/world.ts';
import { Person, TRY_AGAIN } from './support/person.ts';
import { finish, makeAccounts, makeTags, requestAll, setUp } from './support/batch.ts';

let world: World | undefined;
let proxy: TcpProxy | undefined;
after(async () => {
  await world?.stop();
  await proxy?.close();
});

test('PostgreSQL unreachable for 10 s: jobs retry, clicks get a clear "try again", nothing half-written', { timeout: 12 * 60_000 }, async () => {
  const px = await TcpProxy.start('127.0.0.1', 5432);
  proxy = px;
  world = await World.create({
    scenario: 3,
    name: 'postgres',
    replicas: [{ name: 'all', role: 'all' }],
    postgresAt: { host: '127.0.0.1', port: px.port },
    gemini: { failRate: 0, delayMs: 500 },
  });
  const w = world;
  await w.start();
  const person = new Person(w, w.admin);
  const accounts = makeAccounts(3, 4);
  await setUp(w, person, accounts);

  const tags = makeTags(3, 10);
  await requestAll(person, tags.slice(0, 8), accounts, 3);
  // Prompts wait for approval until the database goes away, so that clicks land in the outage.
  const deadline = Date.now() + 120_000;
  while (w.naver.posts.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

  px.cut(10_000);
  const duringOutage: Promise<unknown>[] = [];
  const prompts = w.discord.channelMessages(w.discord.channels.main).filter((m) => buttons(m).some((b) => b.customId?.startsWith('draft:approve:')));
  for (const m of prompts.slice(0, 3)) {
    const approve = buttons(m).find((b) => b.customId?.startsWith('draft:approve:'))!;
    duringOutage.push(person.click(approve.customId!, { messageId: m.id }));
  }
  const asked = person.command('schedule', 'post', { account: accounts[0]!.blogId, topic: `성수동 카페 투어 ${tags[8]}`, keywords: '성수' });
  const answers = (await Promise.all([...duringOutage, asked])) as Awaited<typeof asked>[];
  const tryAgain = answers.filter((a) => a.ephemeral && TRY_AGAIN.test(a.text));
  const request = answers.at(-1)!;
  if (request.ephemeral) person.refusals++;
  while (px.isCut) await new Promise((r) => setTimeout(r, 200));

  // The member asks again where told to; the approver (re)clicks every prompt still waiting.
  if (!request.answered || request.ephemeral) await person.requestPost(accounts[0]!, tags[8]!);
  await person.requestPost(accounts[1]!, tags[9]!);
  person.startApproving();
  await finish(w, person, tags, () => ({ droppedConnections: px.dropped, tryAgainAnswers: tryAgain.length, answersDuringOutage: answers.map((a) => (a.answered ? a.text.slice(0, 80) : '(no answer)')) }));
  assert.ok(prompts.length === 0 || tryAgain.length > 0, `clicks during the outage got a clear "try again": ${answers.map((a) => a.text).join(' | ')}`);
});
