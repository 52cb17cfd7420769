// Prisma CLI configuration. The CLI's native engines cannot be downloaded on an
// offline machine, so it runs on the JavaScript engine over a driver adapter:
// the PostgreSQL server of DATABASE_URL, else the
// embedded store in ROOT_DATA_DIR. The server applies migrations itself at
// start-up (src/db/migrator.ts), in both modes, with the same ledger.
import 'dotenv/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// The JS engines need no native binaries, but the CLI still looks for them
// first and tries to download them unless these point at an existing file.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= 'package.json';
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= 'package.json';

// The schema's datasource reads DATABASE_URL; without one the adapter below
// serves the embedded store, and the variable only needs to resolve.
const databaseUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL ??= 'postgresql://embedded-pglite/unused';

// adapter-pg runs a migration script by splitting it on every ";", which
// breaks PL/pgSQL bodies and comments; PostgreSQL runs a whole script itself.
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const driver = adapter.underlyingDriver() as { query(text: string): Promise<unknown> };
    adapter.executeScript = async (script: string) => void (await driver.query(script));
    return adapter;
  }
}

// The embedded store, opened only when a command connects (`migrate diff`
// between schema files never does), under the lock the server takes, so the
// CLI neither creates a data directory for nothing nor opens one a server holds.
async function embeddedStore(dataDir: string): Promise<PrismaPg> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const { lockDataDir } = await import('./src/db/data-dir-lock.js');
  const open = async () => {
    const unlock = await lockDataDir(dataDir).catch((error: Error) => {
      // The CLI reports an adapter's error only as "External error id#0".
      process.stderr.write(`${error.message}\n`);
      throw error;
    });
    const db = await PGlite.create(dataDir);
    const adapter = await new PrismaPGlite(db).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await db.close();
      await unlock();
    };
    return adapter;
  };
  // Typed against an older @prisma/driver-adapter-utils; the same interface at run time.
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: open,
    connectToShadowDb: open,
  } as unknown as PrismaPg;
}

export default defineConfig({
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  adapter: async () => {
    // allowExitOnIdle: the CLI leaves its pool open, and idle connections would
    // otherwise keep the command from exiting for pg's idle timeout (10 s).
    if (databaseUrl) return new WholeScriptPg({ connectionString: databaseUrl, allowExitOnIdle: true });
    return embeddedStore(process.env.ROOT_DATA_DIR ?? '.data');
  },
});
