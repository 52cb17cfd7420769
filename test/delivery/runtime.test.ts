// The container image's runtime command, without a container engine:
// scripts/check-runtime.sh compiles into a clean directory, installs
// production dependencies only, starts `node dist/server.js` unprivileged and
// waits for /health on the embedded store and on PostgreSQL (~35 s).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { adminUrl } from '../helpers/databases.js';

const script = fileURLToPath(new URL('../../scripts/check-runtime.sh', import.meta.url));

void t.test('the production build serves /health on both stores', { timeout: 150_000 }, async (t) => {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    // A clean environment: no coverage hooks or loaders of this test run leak into the server.
    const child = spawn('bash', [script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECK_DATABASE_URL: adminUrl },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
  t.equal(code, 0, output);
  t.match(output, /check-runtime: pglite: \/health 200 as user \S+: \{"status":"ok","database":\{"store":"pglite"/);
  t.match(
    output,
    /check-runtime: postgresql: \/health 200 as user \S+: \{"status":"ok","database":\{"store":"postgresql"/,
  );
  t.match(output, /check-runtime: ok$/m);
});
