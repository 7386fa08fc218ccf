// Job payloads, validated with zod at the door of every processor: a malformed payload fails at once.
import { z } from 'zod';
import { InvalidPayloadError } from '../errors.ts';
import { LIMITS } from '../limits.ts';

export type QueueKind = 'generate' | 'publish';
export const QUEUE_KINDS: readonly QueueKind[] = ['generate', 'publish'];
export const DLQ_QUEUE = 'dlq';

const id = z.string().min(1).max(64);

export const generateJobSchema = z.object({
  accountId: id,
  /** The draft made when the request was taken; absent for a cron fire (the job makes it, once). */
  draftId: id.optional(),
  // Twice the typed limit: a schedule's {date} and {weekday} are filled in before the job is added.
  topic: z.string().trim().min(1).max(LIMITS.topicChars * 2),
  keywords: z.array(z.string().trim().min(1).max(LIMITS.keywordChars)).max(LIMITS.keywords).default([]),
  feedback: z.string().max(LIMITS.feedbackChars).optional(),
  scheduleId: id.optional(),
  channelId: z.string().optional(),
  requestedBy: z.string().default('system'),
});
export type GenerateJob = z.infer<typeof generateJobSchema>;

export const publishJobSchema = z.object({ accountId: id, draftId: id });
export type PublishJob = z.infer<typeof publishJobSchema>;

/**
 * Dry runs of the editor share the account's publish queue (one browser job at a time per account, the same
 * timeout) under their own job names: a preview of a draft, and the editor check.
 */
export const PREVIEW_JOB = 'preview';
export const EDITOR_CHECK_JOB = 'editor_check';
export const previewJobSchema = z.object({ accountId: id, draftId: id });
export const editorCheckJobSchema = z.object({
  accountId: id,
  kind: z.enum(['manual', 'daily']),
  /** The blog host the check stands for (daily: one account per host). */
  host: z.string().min(1).max(255),
  channelId: z.string().max(32).optional(),
  requestedBy: z.string().max(32).default('system'),
});
export type EditorCheckJob = z.infer<typeof editorCheckJobSchema>;

export function parsePayload<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'payload';
  throw new InvalidPayloadError(`The ${what} job payload is malformed (${field}: ${issue.message}); it was not retried.`);
}

export const queueName = (kind: QueueKind, accountId: string) => `${kind}_${accountId}`;
export const publishJobId = (draftId: string) => `publish-${draftId}`;
export const generateJobId = (draftId: string, regeneration = 0) =>
  regeneration === 0 ? `generate-${draftId}` : `generate-${draftId}-r${regeneration}`;

/** The `dlq` job that mirrors a DeadLetter row (for the queue board), removed when the letter is resolved. */
export const dlqJobId = (deadLetterId: string) => `dl-${deadLetterId}`;

export function deadLetterJob(dead: { id: string; queue: string; jobId: string; payload: unknown; errorClass: string; errorMessage: string }) {
  return { deadLetterId: dead.id, queue: dead.queue, jobId: dead.jobId, data: dead.payload, errorClass: dead.errorClass, error: dead.errorMessage };
}
