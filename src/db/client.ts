import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { shareRawPool } from './sql.ts';

export type Db = PrismaClient;
export type { Prisma } from '../generated/prisma/client.ts';

export function createDb(connectionString: string): Db {
  // One pool for the ORM and for sql() (db/sql.ts); the ORM ends it when it disconnects.
  const pool = new pg.Pool({ connectionString });
  // The adapter reports a lost idle connection once it is connected; before that, one must not end the process.
  pool.on('error', () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  shareRawPool(db, pool);
  return db;
}
