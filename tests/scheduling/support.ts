// A harness whose core has the schedule commands (tests/support/harness.ts does not pass `schedules` yet),
// plus Schedulers and extra replicas on the same database and Redis prefix.
import { randomBytes } from 'node:crypto';
import { buildCore, type Core, type CoreConfig } from '../../src/app.ts';
import { Scheduler, tickOfJobId, type SchedulerOptions } from '../../src/scheduling/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { deleteKeys, quietLogger, testConfig } from '../support/harness.ts';
import { FakePublisher, FakeWriter, RecordingNotifier } from '../support/fakes.ts';

export const DEFAULT_TZ = 'Asia/Seoul';

export interface Replica {
  core: Core;
  service: Core['service'];
  db: Core['db'];
  writer: FakeWriter;
  /** A Scheduler on this replica's connections; stopped with the harness. */
  scheduler(options?: Partial<SchedulerOptions>): Scheduler;
}

export interface SchedulingHarness extends Replica {
  config: CoreConfig;
  testDb: TestDatabase;
  prefix: string;
  /** Another process's worth of core (own Redis connection) on the same database and prefix. */
  replica(runWorkers?: boolean): Promise<Replica>;
  stop(): Promise<void>;
}

export async function startSchedulingHarness(o: { runWorkers?: boolean } = {}): Promise<SchedulingHarness> {
  const testDb = await createTestDatabase();
  const prefix = `bapt_${randomBytes(4).toString('hex')}`;
  const config = testConfig(testDb, prefix);
  const cleanups: Array<() => Promise<unknown>> = [];

  async function build(runWorkers: boolean): Promise<Replica> {
    const writer = new FakeWriter();
    const core: Core = buildCore({
      config,
      logger: quietLogger(),
      adapters: { writer, publisher: () => new FakePublisher(), notifier: new RecordingNotifier() },
      runWorkers,
      worker: { lockDuration: 5_000, stalledInterval: 2_000, drainDelay: 1 },
      sweepMs: 200,
    });
    await core.start();
    const built = core;
    cleanups.push(() => built.stop(2_000));
    return {
      core: built,
      service: built.service,
      db: built.db,
      writer,
      scheduler(options = {}) {
        const s = new Scheduler({ db: built.db, queues: built.queues, redis: built.redis, prefix, logger: quietLogger(), graceMs: 60 * 60_000, defaultTimezone: DEFAULT_TZ, ...options });
        cleanups.push(() => s.stop());
        return s;
      },
    };
  }

  const main = await build(o.runWorkers ?? true);
  let stopped = false;
  return {
    ...main,
    config,
    testDb,
    prefix,
    replica: (runWorkers = false) => build(runWorkers),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
      await deleteKeys(prefix);
      await testDb.drop();
    },
  };
}

/** The schedule jobs of an account's generate queue, in any state, with the tick each stands for. */
export async function scheduleJobs(core: Core, accountId: string, scheduleId?: string): Promise<Array<{ id: string; tick: Date; topic: string }>> {
  const queue = core.queues.queue('generate', accountId);
  const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
  return jobs
    .flatMap((j) => {
      const parsed = j.id ? tickOfJobId(j.id) : null;
      if (!parsed || (scheduleId && parsed.scheduleId !== scheduleId)) return [];
      return [{ id: j.id!, tick: parsed.tick, topic: String(j.data?.topic) }];
    })
    .sort((a, b) => a.tick.getTime() - b.tick.getTime());
}

export { capturingLogger } from '../support/log-lines.ts';

/** Sets a schedule's bookkeeping as if it had been written at `updatedAt` (Prisma would stamp "now"). */
export async function backdate(db: Core['db'], id: string, fields: { lastFireAt: Date | null; updatedAt: Date; fireCount?: number }): Promise<void> {
  await db.$executeRaw`UPDATE "Schedule" SET "lastFireAt" = ${fields.lastFireAt}, "updatedAt" = ${fields.updatedAt}, "fireCount" = ${fields.fireCount ?? 0} WHERE id = ${id}`;
}

/** Waits until just after the next whole multiple of `stepMs` (plus `offsetMs`), to start tests off a tick. */
export async function alignTo(stepMs: number, offsetMs = 300): Promise<void> {
  const now = Date.now();
  await new Promise((resolve) => setTimeout(resolve, stepMs - (now % stepMs) + offsetMs));
}
