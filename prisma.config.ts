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

export default defineConfig({
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (url) return new WholeScriptPg({ connectionString: url });
    const { PGlite } = await import('@electric-sql/pglite');
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    // Typed against an older @prisma/driver-adapter-utils; the same interface at run time.
    return new PrismaPGlite(new PGlite(process.env.ROOT_DATA_DIR ?? '.data')) as unknown as PrismaPg;
  },
});
