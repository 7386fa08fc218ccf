import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { schemaPath } from '../src/db/migrations.ts';
import { createTestDatabase } from './support/db.ts';

/** Every model of the Prisma schema with the table it lives in (its @@map, else its own name). */
async function modelsOfSchema(): Promise<Array<{ model: string; table: string }>> {
  const schema = await readFile(schemaPath, 'utf8');
  return [...schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map(([, model, body]) => ({
    model: model!,
    table: /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!,
  }));
}

test('a fresh database has a table for every model of the Prisma schema, and the client can read each', async () => {
  const models = await modelsOfSchema();
  assert.ok(models.length > 0, 'the schema has models');
  const t = await createTestDatabase();
  try {
    const rows = await t.db.$queryRaw<Array<{ table_name: string }>>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
    assert.deepEqual(rows.map((r) => r.table_name).sort(), models.map((m) => m.table).sort(), 'the migrations make exactly the tables the schema has');

    // Reading a row selects every column the generated client knows: a column missing from the table fails here.
    for (const { model } of models) {
      const delegate = (t.db as unknown as Record<string, { findFirst(): Promise<unknown> }>)[model[0]!.toLowerCase() + model.slice(1)];
      assert.ok(delegate, `the client has ${model}`);
      await delegate.findFirst();
    }

    const a = await t.db.account.create({ data: { blogId: 'smoke' } });
    assert.equal(a.status, 'active');
  } finally {
    await t.drop();
  }
});
