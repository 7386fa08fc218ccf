// The batch every scenario runs through its storm: accounts (half auto-approve, half approved by a click),
// one post request per tag, the approver at work, then the check of the invariant, the people acting on
// every alert once the storm is over, and the check again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { settle, type Tally } from './outcome.ts';
import { Person } from './person.ts';
import { record, resultOf, type ScenarioResult } from './report.ts';
import type { TestAccount, World } from './world.ts';

export function makeAccounts(scenario: number, n: number): TestAccount[] {
  return Array.from({ length: n }, (_, i) => ({
    blogId: `rel${scenario}blog${String(i + 1).padStart(2, '0')}`,
    username: `rel${scenario}-user${i + 1}`,
    password: `pw-${randomBytes(5).toString('hex')}`,
    autoApprove: i % 2 === 0,
  }));
}

export function makeTags(scenario: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `R${scenario}-${String(i + 1).padStart(2, '0')}`);
}

export async function setUp(world: World, person: Person, accounts: TestAccount[]): Promise<void> {
  for (const a of accounts) await person.setUpAccount(a);
  // Pacing would space one account's posts an hour apart; no command sets the minimum interval yet.
  await world.query('UPDATE "Account" SET "minIntervalMinutes" = 0');
}

/** One request per tag, round-robin over the accounts, `parallel` at a time. */
export async function requestAll(person: Person, tags: readonly string[], accounts: readonly TestAccount[], parallel = 3): Promise<void> {
  const queue = tags.map((tag, i) => ({ tag, account: accounts[i % accounts.length]! }));
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await person.requestPost(next.account, next.tag);
    }),
  );
}

export interface Finish {
  first: Tally;
  after: Tally;
  result: ScenarioResult;
  /** The invariant's assertions (run by finish itself unless `assert: false`). */
  check(): void;
}

/**
 * Settles, records the numbers, then (with the faults switched off) lets the people act on every alert and
 * settles again: nothing may be left that no button or command moves. Fails the test on any breach.
 */
export async function finish(
  world: World,
  person: Person,
  tags: readonly string[],
  notes: () => Record<string, unknown> = () => ({}),
  options: { quietMs?: number; assert?: boolean } = {},
): Promise<Finish> {
  const first = await settle(world, tags, options);
  world.chaos.options.failRate = 0;
  world.naver.knobs.writePageHangRate = 0;
  world.naver.knobs.afterSubmitHangRate = 0;
  let after = first;
  if (first.waiting > 0) {
    for (let round = 0; round < 3; round++) {
      if ((await person.actOnAlerts()) === 0) break;
      after = await settle(world, tags, options);
      if (after.publishedOnce === tags.length) break;
    }
  }
  person.stopApproving();
  const result = resultOf(world.options.scenario, world.options.name, first, person.refusals, world.started, { unanswered: person.unanswered, ...notes() }, after);
  record(result);
  const problems = result.problems.join('\n');
  const check = () => {
    assert.equal(first.lost, 0, `lost posts:\n${problems}`);
    assert.equal(first.duplicates + after.duplicates, 0, `posts published twice:\n${problems}`);
    assert.equal(first.stuck, 0, `stuck posts:\n${problems}`);
    assert.equal(first.publishedOnce + first.waiting, tags.length, problems);
    assert.equal(after.publishedOnce, tags.length, `after the people acted on every alert, not everything was published once:\n${problems}`);
  };
  if (options.assert ?? true) check();
  return { first, after, result, check };
}
