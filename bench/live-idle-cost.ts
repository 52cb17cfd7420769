// What an announced mark costs this process when nobody subscribes to live
// updates: the app in-process on a fresh store, marks posted one after another
// through fastify.inject, then a wait until the live feed has handled every
// announcement. Reports the process's CPU time and Prisma's SQL statements
// per mark (the mark's own statement is one).
// `node --import tsx bench/live-idle-cost.ts [--store pglite] [--marks 1000]`
import { parseArgs } from 'node:util';
import { buildTestApp } from '../test/helpers/build-app.js';
import { clubToday } from '../test/helpers/club-clock.js';
import type { StoreKind } from '../test/helpers/databases.js';
import { createMember, sign } from '../test/helpers/factories.js';
import { postGraphQL } from '../test/helpers/graphql.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'postgresql' },
    marks: { type: 'string', default: '1000' },
    members: { type: 'string', default: '100' },
  },
});
const markCount = Number(values.marks);
const cleanups: (() => unknown)[] = [];
const scope = { teardown: (fn: () => unknown) => cleanups.unshift(fn) };

const MARK = `mutation ($input: MarkAttendanceInput!) {
  markAttendance(input: $input) { attendanceId memberId date isPresent timeIn timeOut }
}`;

try {
  const { app, config } = await buildTestApp(scope, values.store as StoreKind, { LOG_LEVEL: 'warn' });
  let statements = 0;
  app.prisma.$onQuery(() => (statements += 1));
  const today = clubToday(config.timeZone);
  const members = await Promise.all(Array.from({ length: Number(values.members) }, () => createMember(app)));
  const mark = async (index: number) => {
    const memberId = members[index % members.length]!;
    const input = { memberId, date: today, hmacSignature: sign(memberId, today) };
    const response = await postGraphQL(app, MARK, { variables: { input } });
    if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
  };
  /** Waits until no statement ran for 300 ms: the feed has read what it was going to read. */
  const settle = async () => {
    for (let seen = -1; seen !== statements;) {
      seen = statements;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };

  for (let index = 0; index < 200; index += 1) await mark(index); // warm-up
  await settle();
  statements = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < markCount; index += 1) await mark(index);
  const elapsed = performance.now() - started;
  await settle();
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    JSON.stringify({
      store: values.store,
      marks: markCount,
      cpuMsPerMark: Number((cpuMs / markCount).toFixed(3)),
      statementsPerMark: Number((statements / markCount).toFixed(3)),
      wallMsPerMark: Number((elapsed / markCount).toFixed(3)),
    }),
  );
} finally {
  for (const cleanup of cleanups) await cleanup();
}
