// Scenario 4: Gemini fails on 30 % of calls, at random, in every way the writer tells apart (rate limits,
// overload, server errors, a cut connection, refused keys, unknown model, refused requests, safety blocks,
// empty, unusable and truncated answers) and hangs on some. Retryable failures are retried, the others end
// as dead letters with an alert; once Gemini is well again, Retry writes and publishes them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { GEMINI_FAULTS } from '../fakes/gemini-faults.ts';
import { World } from './support/world.ts';
import { Person } from './support/person.ts';
import { finish, makeAccounts, makeTags, requestAll, setUp } from './support/batch.ts';

let world: World | undefined;
after(async () => world?.stop());

test('Gemini failing in every way on 30 % of calls: every post ends published once or as a dead letter with its alert', { timeout: 12 * 60_000 }, async () => {
  world = await World.create({
    scenario: 4,
    name: 'gemini',
    replicas: [{ name: 'all', role: 'all' }],
    gemini: { failRate: 0, delayMs: 200 },
    // A hung call is aborted after this long and tried again.
    env: { GENERATE_TIMEOUT_MS: '6000' },
  });
  const w = world;
  await w.start();
  const person = new Person(w, w.admin);
  const accounts = makeAccounts(4, 4);
  await setUp(w, person, accounts);
  // Each draft of an account without auto-approve is regenerated three times before it is approved: more calls.
  person.startApproving({ regenerate: 3 });

  w.chaos.options.failRate = 0.3;
  const tags = makeTags(4, 12);
  await requestAll(person, tags, accounts, 3);
  await finish(w, person, tags, () => ({ geminiCalls: w.gemini.requests.length, faultsServed: Object.fromEntries(w.chaos.served) }));
  const missed = Object.keys(GEMINI_FAULTS).filter((k) => !w.chaos.served.has(k));
  assert.deepEqual(missed, [], 'every failure class was served at least once');
});
