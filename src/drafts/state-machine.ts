// The draft state machine: one table of allowed transitions. Every status change goes through `transition`,
// which is atomic (a compare-and-set on the current status) and writes its DraftEvent in the same transaction
// (for the columns transition-sql.ts knows, one statement does all of it).
import type { Db, Prisma } from '../db/client.ts';
import { sql } from '../db/sql.ts';
import type { DraftStatus } from '../generated/prisma/enums.ts';
import { IllegalTransitionError } from '../errors.ts';
import { NotFoundError } from '../refusals.ts';
import { plainData, transitionStatement } from './transition-sql.ts';
import { noticeOf, type NoticeRow } from './notices.ts';
import type { DraftNotice } from '../ports.ts';

export type { DraftStatus };

export const transitions: Readonly<Record<DraftStatus, readonly DraftStatus[]>> = {
  generating: ['pending_approval', 'approved', 'generation_failed'],
  pending_approval: ['approved', 'rejected', 'generating'],
  approved: ['publishing', 'rejected', 'publish_failed'],
  // back to approved: a failure before the final click (e.g. the account needs a login) can be tried again
  publishing: ['published', 'publish_failed', 'publish_unconfirmed', 'approved'],
  published: [],
  rejected: [],
  generation_failed: ['generating', 'rejected'],
  publish_failed: ['approved', 'rejected'],
  publish_unconfirmed: ['published', 'approved', 'rejected'],
};

export function canTransition(from: DraftStatus, to: DraftStatus): boolean {
  return transitions[from].includes(to);
}

type Tx = Prisma.TransactionClient;

function allowedFrom(input: Pick<TransitionInput, 'to' | 'from'>): DraftStatus[] {
  return (Object.keys(transitions) as DraftStatus[]).filter((s) => canTransition(s, input.to) && (!input.from || input.from.includes(s)));
}

export interface TransitionInput {
  draftId: string;
  to: DraftStatus;
  /** Only from these statuses (defaults to every status the table allows). */
  from?: DraftStatus[];
  actor: string;
  action: string;
  detail?: Prisma.InputJsonValue;
  /** Other columns to set in the same write. */
  data?: Prisma.DraftUpdateManyMutationInput;
}

/** Changes a draft's status inside `tx`; throws IllegalTransitionError when the table or a race forbids it. */
export async function transitionIn(tx: Tx | Db, input: TransitionInput): Promise<DraftStatus> {
  const statement = transitionStatement({ ...input, allowedFrom: allowedFrom(input), data: input.data as Record<string, unknown> | undefined });
  if (!statement) return transitionInSteps(tx, input);
  // One round trip: the row is locked, its status checked, changed, and the event written, or nothing is.
  const [row] = await sql<{ from: DraftStatus; moved: number }>(tx, statement.sql, ...statement.values);
  return moved(row, input).from;
}

/** The statement's row when the draft moved; otherwise why not, as the error. */
function moved<R extends { from: DraftStatus; moved: number }>(row: R | undefined, input: TransitionInput): R {
  if (!row) throw new NotFoundError('draft_gone', { draftId: input.draftId });
  if (row.moved !== 1) throw new IllegalTransitionError(row.from, input.to, input.draftId);
  return row;
}

/** The same in three statements, for columns the single statement does not write. */
async function transitionInSteps(tx: Tx | Db, input: TransitionInput): Promise<DraftStatus> {
  const current = await tx.draft.findUnique({ where: { id: input.draftId }, select: { status: true } });
  if (!current) throw new NotFoundError('draft_gone', { draftId: input.draftId });
  const from = current.status;
  if (!canTransition(from, input.to) || (input.from && !input.from.includes(from))) {
    throw new IllegalTransitionError(from, input.to, input.draftId);
  }
  // Compare-and-set: a concurrent transition (a double click) makes this update match nothing.
  const { count } = await tx.draft.updateMany({
    where: { id: input.draftId, status: from },
    data: { ...input.data, status: input.to },
  });
  if (count !== 1) throw new IllegalTransitionError(from, input.to, input.draftId);
  await tx.draftEvent.create({
    data: { draftId: input.draftId, actor: input.actor, action: input.action, fromStatus: from, toStatus: input.to, detail: input.detail },
  });
  return from;
}

export function transition(db: Db, input: TransitionInput): Promise<DraftStatus> {
  // A single statement needs no transaction around it.
  return plainData(input.data as Record<string, unknown> | undefined) ? transitionIn(db, input) : db.$transaction((tx) => transitionInSteps(tx, input));
}

/**
 * `transition`, and the moved draft's card (actor and action as the notice's) as PostgreSQL now holds it: in the
 * same statement when it can be one, so the channel is told without reading the draft back.
 */
export async function transitionWithNotice(db: Db, input: TransitionInput): Promise<{ from: DraftStatus; notice: DraftNotice | undefined }> {
  const statement = transitionStatement({ ...input, allowedFrom: allowedFrom(input), data: input.data as Record<string, unknown> | undefined, withNotice: true });
  // Columns the single statement does not write: the card is left for the notifier to read (undefined).
  if (!statement) return { from: await transition(db, input), notice: undefined };
  const [row] = await sql<NoticeRow & { from: DraftStatus; moved: number }>(db, statement.sql, ...statement.values);
  const r = moved(row, input);
  return { from: r.from, notice: noticeOf(r, input.actor, input.action) };
}

/** An audit event that does not change the status (edited, publish_submitted, ...). */
export async function recordEvent(
  db: Db | Tx,
  draftId: string,
  actor: string,
  action: string,
  detail?: Prisma.InputJsonValue,
): Promise<void> {
  await db.draftEvent.create({ data: { draftId, actor, action, detail } });
}

/** Runs a transition; a refusal keeps its class (the Discord side words it in the user's language from `from`). */
export async function refuseIllegal(work: () => Promise<unknown>, verb: string): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof IllegalTransitionError) {
      throw new IllegalTransitionError(err.from, err.to, '', `This draft cannot be ${verb} now: it is ${err.from.replace(/_/g, ' ')}.`);
    }
    throw err;
  }
}
