// Event latency of live updates across replicas: three server processes on
// one PostgreSQL database (TEST_DATABASE_URL's server, a fresh database
// dropped after), 200 subscribers to attendanceMarked spread over them, and
// marks posted at 50 per second round-robin to the three replicas. Latency is
// from sending the mark's HTTP request to a subscriber receiving the event.
// `npm run bench:live [-- --subscribers 200 --rate 50 --seconds 6]`
import { parseArgs } from 'node:util';
import { signAttendance } from '../src/attendance/attendance-signature.js';
import { clubToday } from '../test/helpers/club-clock.js';
import { createTestDatabase } from '../test/helpers/databases.js';
import { memberInput } from '../test/helpers/factories.js';
import { type ServerProcess, postTo, startReadyServer } from '../test/helpers/server-process.js';
import { MessageType } from 'graphql-ws';
import { connect, subscribe } from '../test/helpers/subscriptions.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '200' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '6' },
  },
});
const subscriberCount = Number(values.subscribers);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const SECRET = 'bench-live-secret';
const TIME_ZONE = 'Asia/Kolkata';

const cleanups: (() => unknown)[] = [];
const scope = { teardown: (fn: () => unknown) => cleanups.unshift(fn) };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

try {
  const databaseUrl = await createTestDatabase(scope);
  // The server's default event-loop shedding (the test helper turns it off for tests).
  const env = {
    DATABASE_URL: databaseUrl,
    HMAC_SECRET: SECRET,
    ROOT_TIMEZONE: TIME_ZONE,
    LOG_LEVEL: 'warn',
    ROOT_MAX_EVENT_LOOP_DELAY_MS: '1000',
  };
  const first = await startReadyServer(scope, env);
  const replicas: ServerProcess[] = [first, ...(await Promise.all([1, 2].map(() => startReadyServer(scope, env))))];

  // One member per mark: a mark's event is then told apart by its member alone
  // (the mutation's answer reads the row back, so two quick marks of one member
  // could both answer with the later timeOut).
  const memberIds: number[] = [];
  const total = rate * seconds;
  for (let index = 0; index <= total; index += 25) {
    const batch = await Promise.all(
      Array.from({ length: 25 }, () =>
        postTo(replicas[0]!, 'mutation ($input: CreateMemberInput!) { createMember(input: $input) { memberId } }', {
          input: memberInput(),
        }),
      ),
    );
    memberIds.push(...batch.map((created) => created.data!.createMember.memberId as number));
  }
  const warmUpMember = memberIds.pop()!;

  // Receipt times per mark key (memberId + timeOut: unique per mark).
  const receipts = new Map<string, number[]>();
  const subscribers = Array.from({ length: subscriberCount }, (_, index) => {
    const replica = replicas[index % replicas.length]!;
    const client = connect(`ws://127.0.0.1:${replica.port}/graphql`);
    client.on('message', (message) => {
      if (message.type !== MessageType.Next) return;
      const mark = (message.payload.data as { attendanceMarked?: { memberId: number; timeOut: string } } | null)
        ?.attendanceMarked;
      if (!mark) return;
      const key = String(mark.memberId);
      const list = receipts.get(key) ?? [];
      list.push(performance.now());
      receipts.set(key, list);
    });
    return subscribe(client, 'subscription { attendanceMarked { memberId timeOut member { name } } }');
  });
  cleanups.unshift(() => Promise.all(subscribers.map((subscriber) => subscriber.close())));
  // Wait until every subscriber receives a warm-up mark.
  const today = clubToday(TIME_ZONE);
  const mark = (replica: ServerProcess, memberId: number) =>
    postTo(replica, 'mutation ($i: MarkAttendanceInput!) { markAttendance(input: $i) { memberId timeOut } }', {
      i: { memberId, date: today, hmacSignature: signAttendance(SECRET, memberId, today) },
    });
  for (let attempt = 0; ; attempt += 1) {
    receipts.clear();
    await mark(replicas[0]!, warmUpMember);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if ((receipts.get(String(warmUpMember))?.length ?? 0) === subscriberCount) break;
    if (attempt > 60) throw new Error('subscribers did not all connect');
  }
  receipts.clear();

  console.log(
    `Live latency: 3 replicas, ${subscriberCount} subscribers, ${rate} marks/s for ${seconds} s, PostgreSQL\n`,
  );
  const sent: { started: number; key: Promise<string> }[] = [];
  const answered: number[] = [];
  const begin = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = begin + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const started = performance.now();
    const key = mark(replicas[index % replicas.length]!, memberIds[index]!).then((result) => {
      answered.push(performance.now() - started);
      return String(result.data!.markAttendance.memberId);
    });
    sent.push({ started, key });
  }
  const sendSeconds = (performance.now() - begin) / 1000;
  const keys = await Promise.all(sent.map((entry) => entry.key));
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const latencies: number[] = [];
  let missing = 0;
  keys.forEach((key, index) => {
    const times = receipts.get(key) ?? [];
    missing += subscriberCount - times.length;
    for (const time of times) latencies.push(time - sent[index]!.started);
  });
  latencies.sort((a, b) => a - b);
  console.log(`marks sent                 ${total} (${(total / sendSeconds).toFixed(1)}/s)`);
  console.log(`events delivered           ${latencies.length} of ${total * subscriberCount} (missing ${missing})`);
  console.log(`latency p50                ${percentile(latencies, 50).toFixed(1)} ms`);
  console.log(`latency p99                ${percentile(latencies, 99).toFixed(1)} ms`);
  answered.sort((a, b) => a - b);
  console.log(`mark answered (HTTP) p50   ${percentile(answered, 50).toFixed(1)} ms`);
  console.log(`latency max                ${latencies.at(-1)!.toFixed(1)} ms`);
} finally {
  for (const cleanup of cleanups) await cleanup();
}
