// A job whose stored data is not JSON (a corrupted or hand-written Redis entry) makes BullMQ's Worker throw
// while reading it, after the job was already moved to active: the processor never runs, the job never ends,
// and with a global concurrency of one it blocks its account's queue for good. Such a job is handed to the
// processor with data that says so instead, and fails there like any other malformed payload.
import { Worker, type Job, type JobJson } from 'bullmq';

export class TolerantWorker extends Worker {
  protected override createJob(data: JobJson, jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch {
      return super.createJob({ ...data, data: JSON.stringify({ unreadableData: String(data.data ?? '').slice(0, 500) }) }, jobId);
    }
  }
}
