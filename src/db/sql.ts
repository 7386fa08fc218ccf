// One statement straight through the pg pool the ORM uses: the hot statements (a draft's moves, the jobs' reads)
// are written in SQL already, and the ORM's raw-query layer cost about twice pg's CPU for each (about 320 µs
// against 140). Same connections, same answers: timestamps read as UTC like the ORM reads them, and any other
// client (a transaction's, a test's) takes the ORM's raw path.
import pg from 'pg';

/** A client of the ORM (the database, or a transaction): what sql() falls back to. */
interface RawClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

const pools = new WeakMap<RawClient, pg.Pool>();

/** `db` runs on `pool`: sql() may use it directly. */
export function shareRawPool(db: RawClient, pool: pg.Pool): void {
  pools.set(db, pool);
}

// The columns are `timestamp(3)` holding UTC (the ORM's convention): read them as UTC, not as local time.
const TIMESTAMP = 1114;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** The rows of one statement ($1, $2, ... for `values`; a Date goes as its UTC ISO text). */
export async function sql<T>(db: RawClient, text: string, ...values: unknown[]): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRawUnsafe<T[]>(text, ...values);
  return queryOn<T>(pool, text, values);
}

// Each statement text is prepared once per connection and then only bound and run: parsing and planning the hot
// statements again for every post cost PostgreSQL about half of its CPU (bench pipeline: 4.6 ms a post, 2.0 prepared).
// The texts are the code's own (no values inlined), so they are few; past MAX_PREPARED new texts run unprepared.
const MAX_PREPARED = 500;
const names = new Map<string, string>();
let prepared = 0;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED) names.set(text, (name = `ba_${(prepared++).toString(36)}`));
  return name;
}

/** A table's columns changed under a prepared `*` (a migration by another replica): prepare that text afresh. */
const isStalePlan = (err: unknown) => (err as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((err as Error).message));

/** One statement on a pg pool or client, as sql() runs it (a Date goes as its UTC ISO text, timestamps read as UTC). */
async function queryOn<T>(on: pg.Pool | pg.PoolClient, text: string, values: unknown[]): Promise<T[]> {
  const params = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  const run = async () => (await on.query({ name: nameOf(text), text, values: params, types })).rows as T[];
  try {
    return await run();
  } catch (err) {
    if (!isStalePlan(err)) throw err;
    names.delete(text);
    // Inside a transaction the error ended it: the caller's next transaction prepares the text afresh.
    if (!(on instanceof pg.Pool)) throw err;
    return run();
  }
}

/** A statement inside sqlTransaction's transaction. */
export type TxSql = <T>(text: string, ...values: unknown[]) => Promise<T[]>;

/** A client of the ORM that can also open a transaction (the database itself). */
interface TxClient extends RawClient {
  $transaction<R>(fn: (tx: RawClient) => Promise<R>): Promise<R>;
}

/**
 * Runs `work` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws) on one connection of the pool, each
 * statement as sql() runs it; without a shared pool, in the ORM's own transaction.
 */
export async function sqlTransaction<R>(db: TxClient, work: (q: TxSql) => Promise<R>): Promise<R> {
  const pool = pools.get(db);
  if (!pool) return db.$transaction((tx) => work(<T>(text: string, ...values: unknown[]) => tx.$queryRawUnsafe<T[]>(text, ...values)));
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(<T>(text: string, ...values: unknown[]) => queryOn<T>(client, text, values));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is not given back to the pool.
    await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
    throw err;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}
