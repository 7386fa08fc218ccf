// Scenario 7: security. Members of another channel, and admins of another server, cannot see or act on an
// account not linked to their channel by any command, button, modal or autocomplete, and the answer to "that
// account" is the same as to one that does not exist. Credentials, sessions and tokens never appear in
// anything the run produced: logs, Discord messages, job data, metrics, error texts, rows, Gemini prompts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { FakeUser } from '../fakes/fake-discord/index.ts';
import { errorReply } from '../fakes/fake-gemini.ts';
import { ScenarioRedis } from './support/redis.ts';
import { World } from './support/world.ts';
import { Person, sleep, type Answer } from './support/person.ts';
import { finish, makeAccounts, setUp } from './support/batch.ts';
import { record } from './support/report.ts';
import { changes, snapshot } from './support/snapshot.ts';
import { GENERIC } from './support/hostile.ts';

let world: World | undefined;
let redis: ScenarioRedis | undefined;
after(async () => {
  await world?.stop();
  await redis?.kill();
});

interface Probe {
  who: string;
  what: string;
  answer: Answer;
  /** Words this outsider must not learn (the account, its drafts, ids it did not type). */
  secret: string[];
}

test('strangers cannot see or touch an account, and no secret appears anywhere the run wrote', { timeout: 12 * 60_000 }, async () => {
  const redisPassword = `redis-${randomBytes(9).toString('base64url')}`;
  redis = await ScenarioRedis.start({ password: redisPassword });
  world = await World.create({
    scenario: 7,
    name: 'security',
    replicas: [{ name: 'all', role: 'all' }],
    redisUrl: redis.url,
    gemini: { failRate: 0, delayMs: 100 },
    env: { LOG_LEVEL: 'debug' },
  });
  const w = world;
  await w.start();
  const person = new Person(w, w.admin);
  const [a, b, c] = makeAccounts(7, 3) as [ReturnType<typeof makeAccounts>[0], ReturnType<typeof makeAccounts>[0], ReturnType<typeof makeAccounts>[0]];
  await setUp(w, person, [a, b]); // a auto-approves, b waits for a click
  // c's owner types a wrong password: its post stops at NAVER's login, with an alert.
  c.autoApprove = true;
  w.naver.addUser({ username: c.username, password: c.password, blogId: c.blogId });
  const wrongPassword = `wrong-${randomBytes(4).toString('hex')}`;
  await person.must('account', 'add', { blog_id: c.blogId }, (x) => x.answered && x.text.includes(c.blogId));
  await person.logIn({ ...c, password: wrongPassword });
  await person.must('account', 'settings', { account: c.blogId, auto_approve: true, daily_cap: 0 }, (x) => x.answered);
  w.accounts.push(c);
  await w.query('UPDATE "Account" SET "minIntervalMinutes" = 0');
  // b's session is imported from a cookie export: its values are secrets too.
  const cookieValues = [randomBytes(24).toString('base64url'), randomBytes(48).toString('base64url')];
  const host = new URL(w.naver.baseUrl).hostname;
  const file = w.discord.attachment('cookies.json', JSON.stringify([
    { name: 'NID_AUT', value: cookieValues[0], domain: host, path: '/', expirationDate: Date.now() / 1000 + 86_400, httpOnly: true },
    { name: 'NID_SES', value: cookieValues[1], domain: host, path: '/', expirationDate: Date.now() / 1000 + 86_400, httpOnly: true },
  ]));
  const imported = await person.answer(w.discord.slash(w.admin, 'account', 'session', { account: b.blogId, file }));

  const one = async <T>(what: string, sql: string, params: unknown[] = []) => {
    for (let i = 0; i < 360; i++) {
      const [row] = await w.query<{ id: string } & T>(sql, params);
      if (row) return row;
      await sleep(500);
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  // Posts: two each for a and b, one for c; a's first Gemini call refuses the key and quotes it back. That
  // call is made alone (its dead letter first), so no other account's call can take the scripted answer.
  w.gemini.script(errorReply(400, 'INVALID_ARGUMENT', `API key not valid: ${w.secrets.geminiKey}. Please pass a valid API key.`));
  const tags = ['R7-01', 'R7-02', 'R7-03', 'R7-04', 'R7-05'];
  await person.requestPost(a, tags[0]!);
  const accountA = await one('account a', 'SELECT id FROM "Account" WHERE "blogId" = $1', [a.blogId]);
  const letter = await one("a's dead letter", 'SELECT id FROM "DeadLetter" WHERE "accountId" = $1', [accountA.id]);
  await person.requestPost(a, tags[1]!);
  await person.requestPost(b, tags[2]!);
  await person.requestPost(b, tags[3]!);
  await person.requestPost(c, tags[4]!);
  await person.must('schedule', 'recurring', { account: a.blogId, cron: '0 9 * * *', topic: '아침 카페 소식' }, (x) => x.answered && !GENERIC.test(x.text));

  // Everything stands still before the outsiders come: a's dead letter and published post, b's two drafts
  // waiting for approval, c waiting for a login.
  await one("a's published post", `SELECT id FROM "Draft" WHERE "accountId" = $1 AND status = 'published'`, [accountA.id]);
  await one("b's drafts waiting", `SELECT count(*)::text AS id FROM "Draft" d JOIN "Account" x ON x.id = d."accountId" WHERE x."blogId" = $1 AND d.status = 'pending_approval' HAVING count(*) = 2`, [b.blogId]);
  await one('c needing a login', `SELECT id FROM "Account" WHERE "blogId" = $1 AND status = 'needs_login'`, [c.blogId]);
  const pending = await one<{ title: string }>("b's draft", `SELECT d.id, d.title FROM "Draft" d JOIN "Account" x ON x.id = d."accountId" WHERE x."blogId" = $1 AND d.status = 'pending_approval' LIMIT 1`, [b.blogId]);
  const schedule = await one("a's schedule", 'SELECT id FROM "Schedule" WHERE "accountId" = $1', [accountA.id]);
  await sleep(2_000);
  const before = await snapshot(w);

  // The outsiders.
  const d = w.discord;
  const outsiders: Array<{ who: string; user: FakeUser; channelId: string; guildId?: string; manager: boolean }> = [
    { who: 'an admin of another server', user: d.user({ admin: true, name: 'stranger' }), channelId: d.otherGuild.channel, guildId: d.otherGuild.id, manager: true },
    { who: 'a member of another channel', user: d.user({ name: 'neighbour' }), channelId: d.channels.third, manager: false },
    { who: 'an admin of another channel', user: d.user({ admin: true, name: 'other-admin' }), channelId: d.channels.other, manager: true },
  ];
  const known = [a.blogId, b.blogId, c.blogId, accountA.id, pending.id, pending.title, letter.id, schedule.id, '아침 카페 소식'];
  const probes: Probe[] = [];
  const sameAnswer: string[] = [];
  for (const o of outsiders) {
    const ask = async (what: string, i: ReturnType<typeof d.slash>, typed: string[] = []) =>
      probes.push({ who: o.who, what, answer: await person.answer(i), secret: known.filter((k) => !typed.includes(k)) });
    const slash = (command: string, sub: string | null, options: Record<string, string | number | boolean | ReturnType<typeof d.attachment>>) => d.slash(o.user, command, sub, options, { channelId: o.channelId, guildId: o.guildId });
    // Account commands, by blog id and by internal id, each compared with the answer for an account that does not exist.
    for (const [ref, missing] of [[a.blogId, 'rel7nosuchblog'], [accountA.id, 'cnosuchaccount0000000000']] as const) {
      const cases: Array<[string, (r: string) => ReturnType<typeof d.slash>]> = [
        ['/schedule post', (r) => slash('schedule', 'post', { account: r, topic: '남의 계정에 글쓰기' })],
        ['/drafts account', (r) => slash('drafts', null, { account: r })],
        ['/queue account', (r) => slash('queue', null, { account: r })],
      ];
      if (o.manager) {
        cases.push(
          ['/account login', (r) => slash('account', 'login', { account: r })],
          ['/account settings', (r) => slash('account', 'settings', { account: r, daily_cap: 7 })],
          ['/account unlink', (r) => slash('account', 'unlink', { account: r })],
          ['/account session', (r) => slash('account', 'session', { account: r, file: d.attachment('s.json', '[]') })],
        );
        if (o.channelId === d.otherGuild.channel) cases.push(['/account link', (r) => slash('account', 'link', { account: r })]);
      }
      for (const [what, run] of cases) {
        const real = await person.answer(run(ref));
        const none = await person.answer(run(missing));
        probes.push({ who: o.who, what: `${what} ${ref}`, answer: real, secret: known.filter((k) => k !== ref) });
        const norm = (x: Answer, r: string) => `${x.ephemeral}|${x.interaction.modal ? 'modal' : ''}|${x.text.split(r).join('<account>')}`;
        if (norm(real, ref) !== norm(none, missing)) sameAnswer.push(`${o.who}: ${what} says "${real.text.slice(0, 100)}" for ${ref} but "${none.text.slice(0, 100)}" for one that does not exist`);
      }
    }
    await ask('/drafts', slash('drafts', null, {}));
    await ask('/queue', slash('queue', null, {}));
    await ask('/schedule list', slash('schedule', 'list', {}));
    if (o.manager) {
      await ask('/account list', slash('account', 'list', {}));
      await ask('/dlq list', slash('dlq', 'list', {}));
      for (const sub of ['remove', 'pause', 'resume']) await ask(`/schedule ${sub} of their schedule`, slash('schedule', sub, { id: schedule.id }), [schedule.id]);
    }
    await ask('autocomplete of accounts', d.autocomplete(o.user, 'schedule', 'post', { account: 'rel7' }, 'account', { channelId: o.channelId, guildId: o.guildId }));
    await ask('autocomplete of schedules', d.autocomplete(o.user, 'schedule', 'remove', { id: '' }, 'id', { channelId: o.channelId, guildId: o.guildId }));
    // Buttons and modals of their drafts and dead letters.
    for (const action of ['approve', 'reject', 'regenerate', 'edit', 'mark_published', 'publish_again']) {
      await ask(`${action} on their draft`, d.click(o.user, `draft:${action}:${pending.id}`, { channelId: o.channelId, guildId: o.guildId }), [pending.id]);
    }
    for (const action of ['retry', 'discard']) await ask(`${action} on their dead letter`, d.click(o.user, `dlq:${action}:${letter.id}`, { channelId: o.channelId, guildId: o.guildId }), [letter.id]);
    await ask('the login modal of their account', d.submitModal(o.user, `account:login:${a.blogId}`, { username: 'attacker', password: 'attacker-pw1' }, { channelId: o.channelId, guildId: o.guildId }), [a.blogId]);
    await ask('the edit modal of their draft', d.submitModal(o.user, `draft:edit:${pending.id}`, { title: '탈취', body: '본문' }, { channelId: o.channelId, guildId: o.guildId }), [pending.id]);
    const list = await person.answer(slash('drafts', null, {}));
    if (list.interaction.originalId) await ask('a drafts page of their account', d.click(o.user, `drafts:page:0:${a.blogId}:-`, { messageId: list.interaction.originalId, guildId: o.guildId }), [a.blogId]);
    // Last: another server may add the same blog id as an account of its own (blog ids are unique per server);
    // from then on its lists rightly show that name, so every probe above runs before it.
    if (o.manager && o.channelId === d.otherGuild.channel) await ask('/account add of the same blog id', slash('account', 'add', { blog_id: a.blogId }), [a.blogId]);
  }

  const leaks = probes.flatMap((p) => {
    const text = [p.answer.text, JSON.stringify(p.answer.interaction.autocompleteChoices ?? []), JSON.stringify(p.answer.interaction.modal ?? '')].join('\n');
    return p.secret.filter((s) => text.includes(s)).map((s) => `${p.who}: ${p.what} shows "${s}"`);
  });
  const acted = probes
    .filter((p) => !p.answer.answered || (!p.answer.ephemeral && !p.answer.interaction.autocompleteChoices))
    .map((p) => `${p.who}: ${p.what} was not refused (${p.answer.answered ? p.answer.text.slice(0, 80) || (p.answer.interaction.modal ? 'a modal opened' : 'done') : 'no answer'})`);
  // Another server adding the same blog id may get an account of its own: that is not this one changing.
  const diff = changes(before, await snapshot(w)).filter((ch) => !(ch.kind === 'added' && (ch.table === 'Account' || ch.table === 'ChannelLink') && isOtherGuildRow(ch.row, d.otherGuild)));

  // Then the batch finishes: the people approve, log c in with the right password and retry the dead letter.
  person.startApproving();
  await finish(w, person, tags, () => ({ outsiderProbes: probes.length, leaks, acted, notSameAnswer: sameAnswer, changedByOutsiders: diff.map((ch) => `${ch.table} ${ch.kind} ${ch.id}`), sessionImport: imported.text.slice(0, 80) }), { assert: false }).then(async (verdict) => {
    // Every byte the run produced, searched for every secret.
    const secrets: Record<string, string> = {
      CREDENTIALS_KEY: w.secrets.credentialsKey,
      DISCORD_TOKEN: w.secrets.discordToken,
      GEMINI_API_KEY: w.secrets.geminiKey,
      ADMIN_PASSWORD: w.secrets.adminPassword,
      'database password': w.secrets.databasePassword,
      'Redis password': redisPassword,
      ...Object.fromEntries(w.accounts.map((x) => [`NAVER password of ${x.blogId}`, x.password])),
      'a mistyped NAVER password': wrongPassword,
      ...Object.fromEntries(w.naver.issuedCookieValues().map((v, i) => [`NAVER cookie ${i + 1}`, v])),
      ...Object.fromEntries(cookieValues.map((v, i) => [`imported cookie ${i + 1}`, v])),
    };
    const replica = w.replica('all');
    const sources: Record<string, string> = {
      'service logs': w.allOutput(),
      'messages to Discord': w.discord.requests.map((r) => r.text).join('\n'),
      'Redis (job data, logs, errors)': await w.redisDump(),
      metrics: await replica.metrics(),
      readiness: await fetch(`http://127.0.0.1:${replica.port}/readyz`).then((r) => r.text(), () => ''),
      'database rows': (await Promise.all(['Account', 'ChannelLink', 'Draft', 'DraftEvent', 'Schedule', 'DeadLetter'].map((t) => w.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM "${t}" t`)))).flat().map((r) => r.j).join('\n'),
      'Gemini prompts': w.gemini.requests.map((r) => JSON.stringify(r.body)).join('\n'),
      'screenshot names': readdirSync(path.join(w.dir, 'screenshots'), { recursive: true }).join('\n'),
    };
    const exposed = Object.entries(sources).flatMap(([where, text]) => Object.entries(secrets).filter(([, s]) => s && text.includes(s)).map(([name]) => `${name} in ${where}`));
    const empty = Object.entries(sources).filter(([, text]) => text.length === 0).map(([where]) => where);
    const bytes = Object.values(sources).reduce((n, t) => n + Buffer.byteLength(t), 0);
    record({ ...verdict.result, notes: { ...verdict.result.notes, secretsSearched: Object.keys(secrets).length, bytesSearched: bytes, sources: Object.keys(sources), exposed } });
    assert.deepEqual(exposed, [], 'no secret appears anywhere the run wrote');
    assert.deepEqual(empty.filter((e) => e !== 'screenshot names'), [], 'every source was read');
    assert.deepEqual(leaks, [], 'outsiders learn nothing about accounts not linked to them');
    assert.deepEqual(acted, [], 'every outsider action is refused');
    assert.deepEqual(diff.map((ch) => `${ch.table} ${ch.kind} ${ch.id} ${JSON.stringify(ch.row ?? {}).slice(0, 160)}`), [], 'outsiders changed nothing');
    assert.deepEqual(sameAnswer, [], 'an account not linked here gets the same answer as one that does not exist');
    verdict.check();
  });
});

function isOtherGuildRow(row: Record<string, unknown> | undefined, other: { id: string; channel: string }): boolean {
  return row?.guildId === other.id || row?.channelId === other.channel;
}
