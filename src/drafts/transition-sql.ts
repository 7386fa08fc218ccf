// A status change as one SQL statement: lock the row, check the status it has, update it with the other
// columns, and write its DraftEvent, all at once (one round trip, atomic like any single statement). The other
// columns are those of the Draft table below, as plain values; anything else (an `increment`, a JSON null
// marker) returns null and the caller takes the general path.
import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db/client.ts';
import type { DraftStatus } from '../generated/prisma/enums.ts';
import { NOTICE_COLUMNS } from './notices.ts';
import { sql } from '../db/sql.ts';

type Cast = 'text' | 'int' | 'ts' | 'jsonb' | 'text[]' | 'int[]';

const COLUMNS: Readonly<Record<string, Cast>> = {
  title: 'text', model: 'text', lastError: 'text', lastErrorClass: 'text', publishedUrl: 'text', logNo: 'text',
  screenshotPath: 'text', liveCheck: 'text', liveCheckDetail: 'text', liveScreenshotPath: 'text', searchCheck: 'text',
  topic: 'text', scheduleId: 'text', requestedBy: 'text', originChannelId: 'text', sourceJobId: 'text',
  promptTokens: 'int', outputTokens: 'int', totalTokens: 'int', regenerations: 'int', searchPosition: 'int',
  publishAt: 'ts', plannedAt: 'ts', submittedAt: 'ts', publishedAt: 'ts', liveCheckedAt: 'ts', searchCheckedAt: 'ts',
  searchFoundAt: 'ts', searchMissingAlertAt: 'ts',
  body: 'jsonb', checks: 'jsonb',
  keywords: 'text[]', tags: 'text[]', flags: 'text[]',
  minhash: 'int[]', lshBands: 'int[]',
};

const SQL_CAST: Record<Cast, string> = { text: 'text', int: 'int4', ts: 'timestamp(3)', jsonb: 'jsonb', 'text[]': 'text[]', 'int[]': 'int4[]' };

/** A plain value for the column's parameter, or undefined when the general path must handle it. */
function param(cast: Cast, value: unknown): unknown {
  if (value === null) return cast === 'jsonb' ? undefined : null; // a JSON column's null needs Prisma's markers
  if (cast === 'ts') return value instanceof Date ? value.toISOString() : undefined;
  if (cast === 'text') return typeof value === 'string' ? value : undefined;
  if (cast === 'int') return Number.isInteger(value) ? value : undefined;
  if (cast === 'jsonb') return typeof value === 'object' && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) ? JSON.stringify(value) : undefined;
  if (cast === 'text[]') return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  return Array.isArray(value) && value.every((v) => Number.isInteger(v)) ? value : undefined;
}

let seq = 0;
/**
 * A new row id in the shape of Prisma's cuid() (c + time + counter + randomness), for rows written in raw SQL.
 * The randomness is a UUID's last group (12 random hex digits): randomUUID draws from a cached pool, where
 * randomBytes asks the system each time, which showed in the pipeline's profile.
 */
export function newId(): string {
  seq = (seq + 1) % 1_679_616;
  return `c${Date.now().toString(36)}${seq.toString(36).padStart(4, '0')}${randomUUID().slice(24)}`;
}

/** True when every column of `data` can go into the single statement. */
export function plainData(data: Record<string, unknown> | undefined): boolean {
  return Object.entries(data ?? {}).every(([column, value]) => {
    if (value === undefined || column === 'status' || column === 'updatedAt') return true;
    const cast = COLUMNS[column];
    return cast !== undefined && param(cast, value) !== undefined;
  });
}

export interface TransitionStatement {
  sql: string;
  values: unknown[];
}

/**
 * The statement, or null when `data` holds something it does not write. Its one row: `from` (the status the
 * draft had; no row when the draft is gone) and `moved` (1 when the change and its event were written).
 */
export function transitionStatement(input: {
  draftId: string;
  to: DraftStatus;
  allowedFrom: readonly DraftStatus[];
  actor: string;
  action: string;
  detail?: Prisma.InputJsonValue;
  data?: Record<string, unknown>;
  /** Also return the moved draft's card (NOTICE_COLUMNS, as written), so the channel is told without a read. */
  withNotice?: boolean;
}): TransitionStatement | null {
  const now = new Date().toISOString();
  const values: unknown[] = [input.draftId, input.to, now, [...input.allowedFrom], newId(), input.actor, input.action, input.detail === undefined ? null : JSON.stringify(input.detail)];
  const sets: string[] = [];
  for (const [column, value] of Object.entries(input.data ?? {})) {
    if (value === undefined || column === 'status' || column === 'updatedAt') continue;
    const cast = COLUMNS[column];
    const p = cast ? param(cast, value) : undefined;
    if (!cast || p === undefined) return null;
    values.push(p);
    sets.push(`"${column}" = $${values.length}::${SQL_CAST[cast]}`);
  }
  const sql = `WITH cur AS (SELECT "id", "status" FROM "Draft" WHERE "id" = $1 FOR UPDATE),
upd AS (UPDATE "Draft" AS d SET "status" = $2::"DraftStatus", "updatedAt" = $3::timestamp(3)${sets.map((s) => `, ${s}`).join('')}
  FROM cur WHERE d."id" = $1 AND d."id" = cur."id" AND d."status" = cur."status" AND cur."status"::text = ANY($4::text[]) RETURNING ${input.withNotice ? 'd.*' : 'd."id"'}),
ev AS (INSERT INTO "DraftEvent" ("id", "draftId", "actor", "action", "fromStatus", "toStatus", "detail", "createdAt")
  SELECT $5, upd."id", $6, $7, cur."status", $2::"DraftStatus", $8::jsonb, $3::timestamp(3) FROM upd CROSS JOIN cur RETURNING 1)
SELECT cur."status"::text AS "from", (SELECT count(*) FROM ev)::int AS "moved"${input.withNotice ? `, ${NOTICE_COLUMNS}` : ''} FROM cur${
    // A data-modifying CTE's changes are not visible to the rest of the statement: the card is built from upd's row.
    input.withNotice ? ` LEFT JOIN upd AS d ON true LEFT JOIN "Account" a ON a."id" = d."accountId" LEFT JOIN "DraftPreview" p ON p."draftId" = d."id"` : ''
  }`;
  return { sql, values };
}

/**
 * Right before the final publish click: marks the draft submitted (once: it must still be publishing and not
 * submitted) and writes its `publish_submitted` event, in one statement. False when another attempt has it.
 */
export async function claimFinalClick(db: Db, draftId: string): Promise<boolean> {
  const now = new Date().toISOString();
  const [row] = await sql<{ claimed: number }>(
    db,
    // The status compared as text, so the row is found by its id only (see publish-start.ts).
    `WITH upd AS (UPDATE "Draft" SET "submittedAt" = $1::timestamp(3), "updatedAt" = $1::timestamp(3)
      WHERE "id" = $2 AND "status"::text = 'publishing' AND "submittedAt" IS NULL RETURNING "id"),
    ev AS (INSERT INTO "DraftEvent" ("id", "draftId", "actor", "action", "createdAt")
      SELECT $3, upd."id", 'system', 'publish_submitted', $1::timestamp(3) FROM upd RETURNING 1)
    SELECT count(*)::int AS "claimed" FROM ev`,
    now,
    draftId,
    newId(),
  );
  return row?.claimed === 1;
}
