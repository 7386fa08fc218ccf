import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDIS_URL } from '../support/harness.ts';
import { startAmongIdleAccounts } from '../support/idle-start.ts';

test('a replica starting among 1,000 idle accounts opens workers only where jobs wait, in a few Redis round trips', async () => {
  const s = await startAmongIdleAccounts(REDIS_URL, 1_000);
  assert.deepEqual(s.openWorkers, ['generate_acct7', 'publish_acct700']);
  assert.ok(s.delayedDueAt !== null && Math.abs(s.delayedDueAt - s.delayedAt) < 5_000, 'the delayed job is registered for its due time');
  assert.deepEqual(s.openQueues, ['generate_acct7', 'generate_acct999', 'publish_acct700'], 'no queue is opened for an idle account');
  // One script a batch of accounts, not five reads for each of 2,000 queues (their garbage swelled the heap).
  assert.ok(s.sent < 200, `start sent ${s.sent} commands`);
});
