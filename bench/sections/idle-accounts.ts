// idle_accounts: the service as an operator runs it (`npm start`, its own process, fakes for Discord, Gemini
// and NAVER) with many accounts linked and nothing queued: Redis connections it holds, Redis commands a second
// while nothing happens (on a redis-server of its own, so no other client counts), and its resident memory.
import { applyMigrations } from '../../src/db/migrations.ts';
import { World } from '../../tests/reliability/support/world.ts';
import { PrivateRedis } from '../../tests/ops/support/redis-server.ts';
import { RedisProbe } from '../support/redis-probe.ts';
import { mb, round, rssBytes } from '../support/procs.ts';

export async function run(opts: { smoke: boolean }): Promise<Record<string, number>> {
  const accounts = opts.smoke ? 50 : Number(process.env.BENCH_IDLE_ACCOUNTS ?? 10_000);
  const settleMs = opts.smoke ? 1_000 : 5_000;
  const sampleMs = opts.smoke ? 2_000 : 10_000;
  const redis = await PrivateRedis.start();
  const world = await World.create({ scenario: 0, name: 'bench-idle', replicas: [{ name: 'svc', role: 'all' }], redisUrl: redis.url, env: { LOG_LEVEL: 'warn' } });
  const probe = new RedisProbe(redis.url);
  try {
    await applyMigrations(world.databaseUrl());
    await seed(world, accounts);
    await world.start();
    const svc = world.replica('svc');
    // Start-up looks at every account's queues once (after /readyz answers); idle is what follows: wait until two
    // windows in a row are quiet (or give up after a while and measure anyway).
    const deadline = Date.now() + (opts.smoke ? 10_000 : 180_000);
    let quietWindows = 0;
    while (quietWindows < 2 && Date.now() < deadline) quietWindows = (await probe.commandsPerSecond(settleMs)) < 50 ? quietWindows + 1 : 0;
    const perSecond = await probe.commandsPerSecond(sampleMs);
    const connections = (await probe.clientNames()).length;
    const pid = svc.nodePid();
    if (!pid) throw new Error('idle_accounts: the service process is gone');
    return { accounts, redis_connections: connections, redis_cmds_per_s: round(perSecond), rss_mb: mb(rssBytes(pid)) };
  } finally {
    await probe.close();
    await world.stop().catch(() => undefined);
    await redis.kill();
  }
}

/** The accounts, each linked to the fake server's main channel: one INSERT for the accounts, one for the links. */
async function seed(world: World, accounts: number): Promise<void> {
  const guild = world.discord.guildId;
  const channel = world.discord.channels.main;
  await world.query(
    `INSERT INTO "Account" ("id", "guildId", "blogId", "autoApprove", "updatedAt")
     SELECT 'bench' || i, $1, 'idleblog' || i, true, now() FROM generate_series(1, $2::int) AS i`,
    [guild, accounts],
  );
  await world.query(
    `INSERT INTO "ChannelLink" ("id", "channelId", "guildId", "accountId", "createdBy")
     SELECT 'link' || i, $1, $2, 'bench' || i, 'bench' FROM generate_series(1, $3::int) AS i`,
    [channel, guild, accounts],
  );
}
