import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRedis } from '../../src/app.ts';
import { createDb } from '../../src/db/client.ts';
import { startOpsServer, type OpsServer } from '../../src/ops/http.ts';
import { discordCheck, postgresCheck, redisCheck } from '../../src/ops/readiness.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { quietLogger } from '../support/harness.ts';
import { PrivateRedis, freePort } from './support/redis-server.ts';

const noMetrics = { render: async () => '', contentType: 'text/plain' };

let testDb: TestDatabase;
let redisServer: PrivateRedis;
before(async () => {
  [testDb, redisServer] = await Promise.all([createTestDatabase(), PrivateRedis.start()]);
});
after(async () => {
  await redisServer.kill();
  await testDb.drop();
});

async function get(server: OpsServer, path: string) {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  return { status: res.status, body: body as { status: string; failing: string[]; checks: Record<string, string> } };
}

test('/readyz goes 503 naming redis when Redis dies, quickly, and 200 again when it is back', async () => {
  // The same kind of shared connection the core uses (maxRetriesPerRequest null, offline queue on).
  const redis = createRedis(redisServer.url, 'readiness-test');
  redis.on('error', () => undefined);
  const server = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    logger: quietLogger(),
    checks: [redisCheck(redis), postgresCheck(testDb.db)],
    readinessTimeoutMs: 1_000,
    metrics: noMetrics,
  });
  try {
    await eventually(async () => (await get(server, '/readyz')).status === 200, 'ready at first', { timeoutMs: 5_000 });
    const ok = await get(server, '/readyz');
    assert.deepEqual(ok.body, { status: 'ready', failing: [], checks: { redis: 'ok', postgres: 'ok' } });

    await redisServer.kill();
    const down = await eventually(async () => {
      const r = await get(server, '/readyz');
      return r.status === 503 ? r : null;
    }, '503 after Redis died', { timeoutMs: 5_000 });
    assert.deepEqual(down.body.failing, ['redis']);
    assert.equal(down.body.checks.postgres, 'ok');
    // Told by the connection's state at once, not by a PING that would wait for Redis to come back.
    assert.match(down.body.checks.redis!, /^not connected/);
    // Liveness is not readiness: the process is fine.
    assert.equal((await get(server, '/healthz')).status, 200);
    // Every probe while Redis is down is quick, never a hang.
    for (let i = 0; i < 3; i++) {
      const r = await get(server, '/readyz');
      assert.equal(r.status, 503);
      assert.match(r.body.checks.redis!, /^not connected/);
    }

    await redisServer.start();
    await eventually(async () => (await get(server, '/readyz')).status === 200, 'ready again after Redis came back');
  } finally {
    await server.close();
    redis.disconnect();
  }
});

test('/readyz names PostgreSQL and the Discord gateway when they are not usable, and says so while draining', async () => {
  const redis = createRedis(redisServer.url, 'readiness-test-2');
  redis.on('error', () => undefined);
  const deadDb = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`);
  let gatewayReady = false;
  let draining = false;
  const server = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    logger: quietLogger(),
    checks: [redisCheck(redis), postgresCheck(deadDb), discordCheck(() => gatewayReady)],
    readinessTimeoutMs: 1_000,
    metrics: noMetrics,
    draining: () => draining,
  });
  try {
    await eventually(() => redis.status === 'ready', 'redis connected', { timeoutMs: 5_000 });
    const r = await get(server, '/readyz');
    assert.equal(r.status, 503);
    assert.deepEqual(r.body.failing, ['postgres', 'discord']);
    assert.equal(r.body.checks.redis, 'ok');
    assert.equal(r.body.checks.discord, 'gateway not ready');
    // A check that timed out says "no answer within"; this one was answered by the refused connection itself.
    assert.doesNotMatch(r.body.checks.postgres!, /no answer within/);

    gatewayReady = true;
    assert.deepEqual((await get(server, '/readyz')).body.failing, ['postgres']);

    draining = true;
    const d = await get(server, '/readyz');
    assert.equal(d.status, 503);
    assert.equal(d.body.status, 'shutting_down');
    assert.equal((await get(server, '/healthz')).status, 200);
    assert.equal((await get(server, '/nope')).status, 404);
  } finally {
    await server.close();
    redis.disconnect();
    await deadDb.$disconnect();
  }
});
