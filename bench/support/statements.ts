// Counts the SQL statements this process sends to PostgreSQL: every `query` call of every `pg` client (Prisma's
// driver adapter goes through `pg` too), BEGIN and COMMIT included, i.e. the round trips. pg_stat_statements
// would need `shared_preload_libraries` (a server restart); counting at the driver needs nothing.
import pg from 'pg';

let installed = false;
let count = 0;

export function countStatements(): { read(): number } {
  if (!installed) {
    installed = true;
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      count++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  }
  const start = count;
  return { read: () => count - start };
}
