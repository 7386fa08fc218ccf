// sql() runs the hot statements straight through the ORM's pg pool: its answers must be the ORM's, whatever the
// server's time zone (the columns hold UTC without a zone; pg alone would read them as local time).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sql, sqlTransaction } from '../../src/db/sql.ts';

let t: TestDatabase;
const tz = process.env.TZ;
before(async () => {
  process.env.TZ = 'Asia/Seoul';
  t = await createTestDatabase();
});
after(async () => {
  process.env.TZ = tz;
  await t.drop();
});

test('a row read with sql() is the row the ORM reads, in a server time zone east of UTC', async () => {
  const account = await t.db.account.create({ data: { blogId: 'rawsql', defaultTags: ['a', 'b'] } });
  const publishAt = new Date('2030-05-06T07:08:09.123Z');
  const draft = await t.db.draft.create({ data: { accountId: account.id, topic: 't', body: [{ type: 'paragraph', text: 'x' }], publishAt, minhash: [1, 2] } });
  const viaOrm = await t.db.$queryRawUnsafe<unknown[]>('SELECT d.*, d."status"::text AS "status" FROM "Draft" d WHERE d."id" = $1', draft.id);
  const viaPg = await sql<{ publishAt: Date }>(t.db, 'SELECT d.*, d."status"::text AS "status" FROM "Draft" d WHERE d."id" = $1', draft.id);
  assert.deepEqual(viaPg, viaOrm);
  assert.equal(viaPg[0]!.publishAt.toISOString(), publishAt.toISOString());
  const [acc] = await sql<{ createdAt: Date; defaultTags: string[] }>(t.db, 'SELECT * FROM "Account" WHERE "id" = $1', account.id);
  assert.equal(acc!.createdAt.getTime(), account.createdAt.getTime());
  assert.deepEqual(acc!.defaultTags, ['a', 'b']);
});

test('inside a transaction sql() runs on the transaction', async () => {
  const account = await t.db.account.create({ data: { blogId: 'rawsqltx' } });
  await assert.rejects(
    t.db.$transaction(async (tx) => {
      await sql(tx, 'UPDATE "Account" SET "label" = $1 WHERE "id" = $2', 'inside', account.id);
      throw new Error('roll back');
    }),
    /roll back/,
  );
  assert.equal((await t.db.account.findUniqueOrThrow({ where: { id: account.id } })).label, null);
});

test('sqlTransaction commits what its statements wrote, rolls all of it back when the work throws, and leaves the pool usable', async () => {
  const account = await t.db.account.create({ data: { blogId: 'rawsqltx2' } });
  const label = async () => (await t.db.account.findUniqueOrThrow({ where: { id: account.id } })).label;
  await assert.rejects(
    sqlTransaction(t.db, async (q) => {
      await q('UPDATE "Account" SET "label" = $1 WHERE "id" = $2', 'first', account.id);
      assert.equal((await q<{ label: string }>('SELECT "label" FROM "Account" WHERE "id" = $1', account.id))[0]!.label, 'first', 'seen inside');
      throw new Error('roll back');
    }),
    /roll back/,
  );
  assert.equal(await label(), null, 'nothing of the failed work is kept');
  const at = new Date('2031-01-02T03:04:05.678Z');
  const read = await sqlTransaction(t.db, async (q) => {
    await q('UPDATE "Account" SET "label" = $1, "sessionSavedAt" = $2::timestamp(3) WHERE "id" = $3', 'second', at, account.id);
    return (await q<{ sessionSavedAt: Date }>('SELECT "sessionSavedAt" FROM "Account" WHERE "id" = $1', account.id))[0]!.sessionSavedAt;
  });
  assert.equal(read.toISOString(), at.toISOString(), 'timestamps read as UTC, as sql() reads them');
  assert.equal(await label(), 'second');
  // Many more transactions than the pool has connections: each one gave its connection back.
  await Promise.all(Array.from({ length: 30 }, (_, i) => sqlTransaction(t.db, (q) => q('SELECT $1::int AS n', i))));
});

test('a statement keeps working when another replica adds a column under it (its prepared plan is made afresh)', async () => {
  const account = await t.db.account.create({ data: { blogId: 'rawsqlcols' } });
  const read = () => sql<Record<string, unknown>>(t.db, 'SELECT * FROM "Account" WHERE "id" = $1', account.id);
  // Run on every connection of the pool, so each one has the statement prepared.
  await Promise.all(Array.from({ length: 12 }, read));
  await t.db.$executeRawUnsafe('ALTER TABLE "Account" ADD COLUMN "rawSqlExtra" text NOT NULL DEFAULT \'added\'');
  try {
    const rows = await Promise.all(Array.from({ length: 12 }, read));
    for (const [row] of rows) assert.equal(row!.rawSqlExtra, 'added', 'the new column is read');
  } finally {
    await t.db.$executeRawUnsafe('ALTER TABLE "Account" DROP COLUMN "rawSqlExtra"');
  }
});
