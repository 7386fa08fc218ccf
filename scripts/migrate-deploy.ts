// `npm run db:migrate`: applies pending migrations to DATABASE_URL (what `prisma migrate deploy` does).
import { applyMigrations } from '../src/db/migrations.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: set it to your PostgreSQL connection string, e.g. postgresql://postgres@127.0.0.1:5432/blog_autopilot');
  process.exit(1);
}
const applied = await applyMigrations(url);
console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
