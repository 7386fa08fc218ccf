import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from './support/db.ts';

test('a fresh database has every table', async () => {
  const t = await createTestDatabase();
  try {
    const a = await t.db.account.create({ data: { blogId: 'smoke' } });
    assert.equal(a.status, 'active');
  } finally {
    await t.drop();
  }
});
