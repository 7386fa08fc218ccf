// The floor under the pipeline's ratio: the four durable writes a post cannot do without (the draft saved, its
// article saved, the final click claimed, published), each a one-row statement with its own commit, through a
// `pg` pool like the service's (10 connections, named prepared statements), with nothing else: no BullMQ, no
// audit events, no cards, no service code. What the service costs a post can only be above this.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { cpuSecondsOf } from './procs.ts';

export interface Floor {
  postsPerSecond: number;
  /** CPU of all PostgreSQL processes, and of this process, a post. */
  pgCpuMsPerPost: number;
  cpuMsPerPost: number;
}

export async function durableWritesFloor(databaseUrl: string, accounts: number, perAccount: number): Promise<Floor> {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const table = `bench_floor_${randomBytes(4).toString('hex')}`;
  const run = (name: string, text: string, values: unknown[]) => pool.query({ name: `${table}_${name}`, text, values });
  try {
    await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, status text NOT NULL, body text, "submittedAt" timestamp(3), "updatedAt" timestamp(3) NOT NULL)`);
    const total = accounts * perAccount;
    const pg0 = cpuSecondsOf('postgres');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: accounts }, async (_, a) => {
        for (let p = 0; p < perAccount; p++) {
          const id = `${a}-${p}`;
          await run('insert', `INSERT INTO ${table} (id, status, "updatedAt") VALUES ($1, 'generating', $2)`, [id, new Date()]);
          await run('article', `UPDATE ${table} SET status = 'approved', body = $2, "updatedAt" = $3 WHERE id = $1 AND status = 'generating'`, [id, `글 ${p}`, new Date()]);
          await run('claim', `UPDATE ${table} SET "submittedAt" = $2, "updatedAt" = $2 WHERE id = $1 AND "submittedAt" IS NULL`, [id, new Date()]);
          await run('published', `UPDATE ${table} SET status = 'published', "updatedAt" = $2 WHERE id = $1 AND status = 'approved'`, [id, new Date()]);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return {
      postsPerSecond: total / seconds,
      pgCpuMsPerPost: ((cpuSecondsOf('postgres') - pg0) * 1000) / total,
      cpuMsPerPost: (cpu.user + cpu.system) / 1000 / total,
    };
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await pool.end();
  }
}
