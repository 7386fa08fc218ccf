// Applies prisma/migrations with Prisma's own wasm schema engine, which is what `prisma migrate deploy` does,
// but without the native engine binary (it cannot be downloaded on every machine). It records
// `_prisma_migrations`, so the native CLI and this module can take turns on the same database.
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = path.join(root, 'prisma/schema.prisma');
export const migrationsDir = path.join(root, 'prisma/migrations');

type Engine = Awaited<ReturnType<typeof SchemaEngine.new>>;
const noFilter = { externalTables: [], externalEnums: [] };

async function withEngine<T>(connectionString: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  // The wasm engine leaves a ~10 s housekeeping timer behind that would keep a finished process alive;
  // timers started while it works are unref'd so they never hold the process open.
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => realSetTimeout(...args).unref()) as typeof setTimeout;
  try {
    return await runEngine(connectionString, work);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
}

let engineClass: Promise<typeof SchemaEngine> | null = null;

/**
 * The engine's wasm-bindgen glue with its wasm instantiated here: importing the package itself would load the
 * .wasm through Node's wasm-module loader, which Node 24 still marks experimental (and warns about on stderr).
 * Loaded once and lazily (the module is large), since only migrations need it.
 */
function loadSchemaEngine(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(new URL('schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg')));
    const module = await WebAssembly.compile(bytes);
    const imports = Object.fromEntries(WebAssembly.Module.imports(module).map((i) => [i.module, glue as unknown as WebAssembly.ModuleImports]));
    const instance = await WebAssembly.instantiate(module, imports);
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return engineClass;
}

async function runEngine<T>(connectionString: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  const SchemaEngine = await loadSchemaEngine();
  const schema = await readFile(schemaPath, 'utf8');
  // Our own pool, so that it is closed when the work is done (an idle pool would keep the process alive).
  const pool = new pg.Pool({ connectionString, max: 2, idleTimeoutMillis: 50, allowExitOnIdle: true });
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
    const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, adapter);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

async function migrationList() {
  const entries = existsSync(migrationsDir) ? await readdir(migrationsDir, { withFileTypes: true }) : [];
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/** Applies every pending migration; returns the names of those it applied. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrationsList = await migrationList();
  return withEngine(connectionString, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return out.appliedMigrationNames;
  });
}

/** Writes a new migration with the SQL that takes the existing migrations to the current schema. */
export async function createMigration(connectionString: string, name: string): Promise<string | null> {
  const migrationsList = await migrationList();
  const schema = await readFile(schemaPath, 'utf8');
  const script = await withEngine(connectionString, async (engine) => {
    const from = migrationsList.migrationDirectories.length
      ? { tag: 'migrations' as const, ...migrationsList }
      : { tag: 'empty' as const };
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return result.stdout as string | undefined;
  });
  if (!script || /^-- This is an empty migration\.?\s*$/m.test(script.trim())) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), script);
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) {
    await writeFile(lock, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  }
  return dir;
}
