// approve_latency_ms: from an Approve click (the fake Discord sends the interaction, the real bot handles it,
// the service approves and adds the publish job) to that job becoming active on a worker, for accounts whose
// workers were all closed (idle): the click has to open one. One click at a time; p50 and p99.
import { startWorld } from '../../tests/discord/support/discord-world.ts';
import { eventually } from '../../tests/support/eventually.ts';
import { buttons } from '../../tests/fakes/fake-discord/index.ts';
import { publishJobId } from '../../src/queues/jobs.ts';
import type { Actor } from '../../src/service-api.ts';
import { round } from '../support/procs.ts';

export async function run(opts: { smoke: boolean }): Promise<Record<string, number>> {
  const clicks = opts.smoke ? 3 : Number(process.env.BENCH_APPROVE_CLICKS ?? 200);
  const w = await startWorld({ config: { WORKER_IDLE_MS: 300 }, sweepMs: 100 });
  try {
    const actor: Actor = { userId: w.admin.id, channelId: w.fake.channels.main, guildId: w.fake.guildId, manageServer: true };
    const drafts: Array<{ draftId: string; accountId: string }> = [];
    // One account per click, so that every click finds its account's workers closed.
    for (let i = 0; i < clicks; i++) {
      const a = await w.harness.service.addAccount({ blogId: `approve${i}` }, actor);
      await w.unpace(`approve${i}`);
      const s = await w.harness.service.schedulePost({ accountRef: a.id, topic: `글 ${i}`, keywords: [], publishAt: null }, actor);
      drafts.push({ draftId: s.id, accountId: a.id });
    }
    const prompts = await eventually(() => {
      const found = drafts.map((d) => w.promptOf(d.draftId));
      return found.every((m) => m && buttons(m).length === 5) ? found.map((m) => m!) : null;
    }, 'every approval prompt', { timeoutMs: 300_000, intervalMs: 100 });
    await eventually(() => w.harness.core.queues.openWorkers().length === 0, 'every worker closed for idleness', { timeoutMs: 60_000, intervalMs: 50 });
    const latencies: number[] = [];
    for (const [i, { draftId, accountId }] of drafts.entries()) {
      const clickedAt = Date.now();
      w.fake.click(w.admin, `draft:approve:${draftId}`, { messageId: prompts[i]!.id });
      const queue = w.harness.core.queues.queue('publish', accountId);
      const activeAt = await eventually(async () => (await queue.getJob(publishJobId(draftId)))?.processedOn, 'the publish job active', { timeoutMs: 30_000, intervalMs: 2 });
      latencies.push(activeAt - clickedAt);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
    return { p50: round(pct(50)), p99: round(pct(99)) };
  } finally {
    await w.stop();
  }
}
