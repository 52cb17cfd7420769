// The Dockerfile's promises that can be checked without a container engine:
// the pinned base agrees with Dependabot's copy, the runtime stage is slim and
// unprivileged, and its HEALTHCHECK command really probes /health.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import t from 'tap';

const dockerfile = await readFile(new URL('../../Dockerfile', import.meta.url), 'utf8');
const lines = dockerfile.split('\n');
const runtimeStage = dockerfile.slice(dockerfile.indexOf(' AS runtime'));

void t.test('the NODE_IMAGE default is the tag Dependabot updates (base-pin stage)', async (t) => {
  const arg = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
  const pin = /^FROM (\S+) AS base-pin$/m.exec(dockerfile)?.[1];
  t.match(arg, /^node:\d+\.\d+\.\d+-[a-z]+-slim$/, 'pinned to a patch release of a slim Debian image');
  t.equal(pin, arg, 'copy the tag Dependabot bumped in the base-pin stage into ARG NODE_IMAGE');
  const stages = lines.filter((line) => line.startsWith('FROM ${NODE_IMAGE}'));
  t.same(stages, ['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE} AS runtime']);
});

void t.test('the image runs a supported Node.js line that engines and the CI matrix cover', async (t) => {
  const major = /^ARG NODE_IMAGE=node:(\d+)\./m.exec(dockerfile)?.[1];
  const checks = await readFile(new URL('../../.github/workflows/checks.yml', import.meta.url), 'utf8');
  const matrix = JSON.parse((/^\s+node: (\[.*\])$/m.exec(checks)?.[1] ?? '[]').replaceAll("'", '"')) as string[];
  const { engines } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string };
  };
  t.ok(Number(major) >= 22, `node ${major}: Node 20 reached end of life on 2026-04-30`);
  t.same(matrix, ['20', '22', '24'], 'CI tests these lines');
  t.same(
    engines.node.split(' || ').map((range) => /^\^(\d+)\./.exec(range)?.[1]),
    matrix,
    'engines names exactly the tested lines',
  );
  t.ok(matrix.includes(major!), 'the image line is tested');
  t.match(checks, new RegExp(`NODE_VERSION: '${major}'`), 'the static and runtime jobs use the image line');
});

void t.test('the runtime stage is production-only, unprivileged and self-checking', async (t) => {
  t.match(runtimeStage, /npm ci --omit=dev --omit=optional --ignore-scripts/);
  t.match(runtimeStage, /^USER 1000:1000$/m);
  t.match(runtimeStage, /^EXPOSE 8000$/m);
  t.match(runtimeStage, /^VOLUME \["\/data"\]$/m);
  t.match(runtimeStage, /ROOT_ENV=production/);
  t.match(runtimeStage, /ROOT_DATA_DIR=\/data/);
  t.match(runtimeStage, /MALLOC_TRIM_THRESHOLD_=131072/, 'glibc returns freed memory (docs/configuration.md)');
  t.match(runtimeStage, /chown 1000:1000 \/data/);
  t.match(runtimeStage, /^COPY prisma\/migrations \.\/prisma\/migrations$/m, 'dist/db reads ../../prisma/migrations');
  t.match(runtimeStage, /^CMD \["node", "dist\/server\.js"\]$/m);
  t.notMatch(runtimeStage, /^ENV[^\n]*\bPORT=/m, 'PORT in the image would hide the ROOT_PORT alias');
});

void t.test('.dockerignore keeps dependencies, history, local data and test output out', async (t) => {
  const ignored = (await readFile(new URL('../../.dockerignore', import.meta.url), 'utf8')).split('\n');
  for (const entry of ['node_modules', '.git', '.data', '.tap', 'coverage', '.env', 'dist', 'src/generated']) {
    t.ok(ignored.includes(entry), entry);
  }
});

void t.test('the HEALTHCHECK command passes on 200 and fails otherwise', async (t) => {
  const command = /^\s*CMD \["node", "-e", (".*")\]$/m.exec(dockerfile.slice(dockerfile.indexOf('HEALTHCHECK')))?.[1];
  t.ok(command, 'HEALTHCHECK runs node -e');
  const script = JSON.parse(command!) as string;
  let status = 200;
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.writeHead(status).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const port = String((server.address() as AddressInfo).port);
  const probe = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env } }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );

  t.equal(await probe({ PORT: port }), 0, 'healthy on 200');
  t.equal(await probe({ ROOT_PORT: port }), 0, 'the ROOT_PORT alias is honoured');
  status = 503;
  t.equal(await probe({ PORT: port }), 1, 'unhealthy on 503');
  server.close();
  t.equal(await probe({ PORT: port }), 1, 'unhealthy when nothing listens');
  t.same(paths, ['/health', '/health', '/health']);
});
