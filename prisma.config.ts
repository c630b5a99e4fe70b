import type {
  SqlMigrationAwareDriverAdapterFactory as Factory,
  SqlDriverAdapter,
} from '@prisma/driver-adapter-utils';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { defineConfig } from 'prisma/config';

// With a prisma.config.ts the CLI no longer loads .env itself.
try {
  process.loadEnvFile();
} catch {
  // no .env: defaults apply
}
// The schema's `url = env("DATABASE_URL")` must resolve, or the Prisma 6 CLI falls back to
// downloading a query engine (there is no internet here).
process.env.DATABASE_URL ||= 'file:./data/dev.db';
const url = process.env.DATABASE_URL;
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';

/*
 * Prisma 6.19.3 JS-schema-engine workarounds for the CLI only; the app's runtime client
 * (lib/db.ts) uses the adapters as they are.
 */

async function sqliteAdapter(): Promise<Factory> {
  const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
  // better-sqlite3 creates the file but not its folder (data/ on a fresh clone).
  mkdirSync(path.dirname(url.replace(/^file:/, '')), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    // `migrate dev` replays migrations on a :memory: shadow DB through executeRaw(), which
    // better-sqlite3 rejects for multi-statement SQL (P3006).
    connectToShadowDb: async () => {
      const shadow = await factory.connectToShadowDb();
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = (query) =>
        query.args.length === 0 ? shadow.executeScript(query.sql).then(() => 0) : executeRaw(query);
      return shadow;
    },
  };
}

/** The private method of adapter-pg's queryable that every query goes through. */
type PerformIO = (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;

/**
 * prisma/orm#27403: adapter-pg cannot map the catalog types `name` (OID 19) and `"char"` (OID 18)
 * that the schema engine reads, so report them as text (OID 25). Its executeScript() splits on
 * every ';' and the shadow replay uses prepared statements that refuse multi-statement SQL, so both
 * go through pg's simple-query protocol instead.
 */
function patchPgAdapter<T extends SqlDriverAdapter>(adapter: T, pool: pg.Pool): T {
  const internals = adapter as unknown as { performIO: PerformIO };
  const performIO = internals.performIO.bind(adapter);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields)
      if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
    return result;
  };
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeScript = async (sql) => {
    await pool.query(sql);
  };
  adapter.executeRaw = (query) =>
    query.args.length === 0 ? pool.query(query.sql).then(() => 0) : executeRaw(query);
  return adapter;
}

async function pgAdapter(): Promise<Factory> {
  const [{ PrismaPg }, { parse }, { default: pgModule }] = await Promise.all([
    import('@prisma/adapter-pg'),
    import('pg-connection-string'),
    import('pg'),
  ]);
  const config = parse(url) as pg.PoolConfig;
  const factory = new PrismaPg(config);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      return patchPgAdapter(adapter, adapter.underlyingDriver());
    },
    // The stock shadow DB connects to the real database when given a connection string and drops
    // the shadow database before closing its pool; use our own, dropped WITH (FORCE).
    connectToShadowDb: async () => {
      const admin = new pgModule.Pool({ ...config, max: 1 });
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      const shadowAdapter = await new PrismaPg({ ...config, database: name }).connect();
      const shadow = patchPgAdapter(shadowAdapter, shadowAdapter.underlyingDriver());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      return shadow;
    },
  };
}

export default defineConfig({
  experimental: { adapter: true },
  // A folder: schema.prisma + the models.prisma symlink form one multi-file schema.
  schema: path.join('prisma', provider),
  migrations: {
    path: path.join('prisma', provider, 'migrations'),
    seed: 'tsx --conditions=react-server prisma/seed.ts',
  },
  engine: 'js',
  adapter: provider === 'postgres' ? pgAdapter : sqliteAdapter,
});
