// Scenario 2: the service's own Redis (AOF on, as compose runs it) is killed and started again mid-run: the
// replica reconnects and no job is lost. Then Redis loses its data (started again without its AOF, as a
// new instance would be) while a post is being published, and the replica is restarted with it (a host
// reboot): the service rebuilds what it needs from PostgreSQL.
import { test, after } from 'node:test';
import path from 'node:path';
import { ScenarioRedis } from './support/redis.ts';
import { World } from './support/world.ts';
import { Person } from './support/person.ts';
import { finish, makeAccounts, makeTags, requestAll, setUp } from './support/batch.ts';

let world: World | undefined;
let redis: ScenarioRedis | undefined;
after(async () => {
  await world?.stop();
  await redis?.kill();
});

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 180_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('Redis restarted mid-run loses no job; Redis that lost its data is rebuilt from PostgreSQL', { timeout: 12 * 60_000 }, async () => {
  redis = await ScenarioRedis.start({ aofDir: path.resolve(import.meta.dirname, '../../tmp/reliability/2-redis-aof') });
  world = await World.create({
    scenario: 2,
    name: 'redis',
    replicas: [{ name: 'all', role: 'all' }],
    redisUrl: redis.url,
    gemini: { failRate: 0, delayMs: 500 },
  });
  await world.start();
  const person = new Person(world, world.admin);
  const accounts = makeAccounts(2, 4);
  await setUp(world, person, accounts);
  person.startApproving();

  // Part one: Redis is killed while posts are being written and published, and comes back with its AOF.
  const tags = makeTags(2, 10);
  const first = tags.slice(0, 6);
  const requests = requestAll(person, first, accounts, 2);
  await until('the first posts', () => world!.naver.posts.length >= 2);
  await redis.kill();
  await new Promise((r) => setTimeout(r, 4_000));
  await redis.start();
  await requests;

  // Part two: Redis loses everything in the middle of a publish; the replica goes down with it and comes back.
  const w = world;
  const second = tags.slice(6);
  await requestAll(person, second, accounts, 2);
  const publishing = new Promise<void>((resolve) => (w.naver.hooks.writePage = () => resolve()));
  await publishing;
  w.naver.hooks.writePage = undefined;
  await Promise.all([...w.replicas.values()].map((r) => r.kill()));
  await redis.restartEmpty();
  await Promise.all([...w.replicas.values()].map((r) => r.startAndWait()));

  await finish(w, person, tags, () => ({ redisRestarts: 2, dataLost: true }));
});
