// Scenario 1: replicas SIGKILLed at the worst moments, again and again (while a draft is being written, while
// the editor is being filled before the final click, right after the click, and the bot in the middle of
// the clicks), each started again: one bot replica and two worker replicas.
import { test, after } from 'node:test';
import { World } from './support/world.ts';
import { Person } from './support/person.ts';
import { Killer, type Moment } from './support/killer.ts';
import { finish, makeAccounts, makeTags, setUp } from './support/batch.ts';

let world: World | undefined;
after(async () => world?.stop());

const PLAN: Array<Moment | 'bot'> = ['generation', 'after-click', 'before-click', 'bot', 'generation', 'after-click'];

test('replicas killed at random moments lose nothing and publish nothing twice', { timeout: 12 * 60_000 }, async () => {
  world = await World.create({
    scenario: 1,
    name: 'kill-replicas',
    replicas: [
      { name: 'bot', role: 'bot' },
      { name: 'worker-a', role: 'worker' },
      { name: 'worker-b', role: 'worker' },
    ],
    // A slow model, so that a replica can be caught writing.
    gemini: { failRate: 0, delayMs: 1_000 },
  });
  await world.start();
  const person = new Person(world, world.admin);
  const accounts = makeAccounts(1, 4);
  await setUp(world, person, accounts);
  person.startApproving();
  const killer = new Killer(world);

  // Requests trickle in while replicas die; none is sent while the bot is being killed (a member whose
  // command got no answer cannot know whether it was taken).
  const tags = makeTags(1, 10);
  let gate: Promise<void> = Promise.resolve();
  let inFlight = 0;
  const requests = (async () => {
    for (const [i, tag] of tags.entries()) {
      await gate;
      inFlight++;
      await person.requestPost(accounts[i % accounts.length]!, tag).finally(() => inFlight--);
      await new Promise((r) => setTimeout(r, 2_500));
    }
  })();

  for (const moment of PLAN) {
    if (moment === 'bot') {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 100));
      await killer.now(world.replica('bot'), 'bot');
      open();
    } else {
      await killer.at(moment);
    }
  }
  await requests;
  await killer.settled();
  await finish(world, person, tags, () => ({ kills: killer.kills.map((k) => `${k.moment}:${k.replica}`), skippedMoments: killer.skipped }));
});
