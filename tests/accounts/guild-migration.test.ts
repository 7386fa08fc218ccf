// The migration that makes accounts a server's own, run on a database that holds accounts from before it:
// each account takes the server of its channel links, an account no channel has keeps no login or session,
// and from then on a blog id is unique per server only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ADMIN_URL } from '../support/db.ts';
import { migrationsDir } from '../../src/db/migrations.ts';

const name = `bap_test_mig_${randomBytes(4).toString('hex')}`;
let client: pg.Client;

async function migration(suffix: string): Promise<string> {
  const dir = (await readdir(migrationsDir)).find((d) => d.endsWith(suffix));
  assert.ok(dir, `a migration named *${suffix}`);
  return readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8');
}

before(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(await migration('_init'));
});
after(async () => {
  await client?.end();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

async function account(id: string, blogId: string): Promise<void> {
  await client.query(`INSERT INTO "Account" (id, "blogId", "credentialsEnc", "sessionEnc", "sessionSavedAt", "updatedAt") VALUES ($1, $2, 'sealed-login', 'sealed-session', now(), now())`, [id, blogId]);
}

async function link(accountId: string, channelId: string, guildId: string | null, createdAt: string): Promise<void> {
  await client.query(`INSERT INTO "ChannelLink" (id, "channelId", "guildId", "accountId", "createdAt") VALUES ($1, $2, $3, $4, $5)`, [`l-${channelId}`, channelId, guildId, accountId, createdAt]);
}

test('existing accounts take the server of their oldest channel link; orphans lose their login; blog ids become unique per server', async () => {
  await account('a-linked', 'linkedblog');
  await link('a-linked', 'c-legacy', null, '2026-01-01');
  await link('a-linked', 'c-first', 'guild-1', '2026-01-02');
  await link('a-linked', 'c-second', 'guild-1', '2026-01-03');
  await account('a-orphan', 'orphanblog');
  await account('a-unknown', 'unknownblog');
  await link('a-unknown', 'c-unknown', null, '2026-01-01');

  await client.query(await migration('_account_guild'));

  const rows = (await client.query(`SELECT id, "guildId", "credentialsEnc", "sessionEnc", "sessionSavedAt" FROM "Account" ORDER BY id`)).rows;
  assert.deepEqual(
    rows.map((r) => [r.id, r.guildId, r.credentialsEnc, r.sessionEnc, r.sessionSavedAt === null ? null : 'kept']),
    [
      ['a-linked', 'guild-1', 'sealed-login', 'sealed-session', 'kept'],
      ['a-orphan', null, null, null, null],
      ['a-unknown', null, 'sealed-login', 'sealed-session', 'kept'],
    ],
  );
  // Another server may now have the same blog; the same server may not have it twice.
  await client.query(`INSERT INTO "Account" (id, "guildId", "blogId", "updatedAt") VALUES ('b-other', 'guild-2', 'linkedblog', now())`);
  await assert.rejects(client.query(`INSERT INTO "Account" (id, "guildId", "blogId", "updatedAt") VALUES ('b-dup', 'guild-1', 'linkedblog', now())`), /Account_guildId_blogId_key/);
});
