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
  const params = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return (await pool.query({ text, values: params, types })).rows as T[];
}
