// A worker replica in its own process, for the SIGKILL test: it writes slowly and says when it starts.
import { buildCore } from '../../src/app.ts';
import { FakePublisher, FakeWriter, RecordingNotifier } from '../support/fakes.ts';
import { quietLogger, testConfig } from '../support/harness.ts';

const url = process.env.TEST_DB_URL!;
const prefix = process.env.TEST_PREFIX!;
const writer = new FakeWriter();
writer.delayMs = 60_000;
const original = writer.write.bind(writer);
writer.write = (req, signal) => {
  process.stdout.write(`WRITING ${req.topic}\n`);
  return original(req, signal);
};
const core = buildCore({
  config: testConfig({ url, db: undefined as never, drop: async () => {} }, prefix),
  logger: quietLogger(),
  adapters: { writer, publisher: () => new FakePublisher(), notifier: new RecordingNotifier() },
  runWorkers: true,
  // short locks so the test does not wait long for BullMQ's stalled-job recovery
  worker: { lockDuration: 1_500, stalledInterval: 500, drainDelay: 1 },
  sweepMs: 100,
});
await core.start();
process.stdout.write('READY\n');
