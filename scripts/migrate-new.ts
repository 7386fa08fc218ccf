// `npm run db:migrate:new -- <name>`: writes prisma/migrations/<stamp>_<name>/migration.sql from the schema.
import { createMigration } from '../src/db/migrations.ts';

const name = (process.argv[2] ?? 'change').replace(/[^a-z0-9_]+/gi, '_');
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dir = await createMigration(url, name);
console.log(dir ? `wrote ${dir}` : 'schema and migrations agree: nothing to write');
