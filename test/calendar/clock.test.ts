import t from 'tap';
import { clockMicros, epochMicroseconds, systemClock } from '../../src/calendar/clock.js';

void t.test('systemClock reads the current time', async (t) => {
  const before = Date.now();
  const now = systemClock().getTime();
  t.ok(now >= before && now <= Date.now());
});

void t.test('epochMicroseconds follows the wall clock with sub-millisecond digits', async (t) => {
  const readings = Array.from({ length: 50 }, () => {
    const before = BigInt(Date.now()) * 1000n;
    const micros = epochMicroseconds();
    const after = BigInt(Date.now()) * 1000n;
    return { before, micros, after };
  });
  for (const { before, micros, after } of readings) {
    // Within the millisecond ticks read around it (the wall clock floors to whole ms).
    t.ok(micros >= before - 1000n && micros <= after + 2000n, `${micros} near [${before}, ${after}]`);
  }
  t.ok(
    readings.some(({ micros }) => micros % 1000n !== 0n),
    'some readings carry microseconds below the millisecond',
  );
});

void t.test('clockMicros: microseconds from the system clock, milliseconds from a fixed one', async (t) => {
  const fixed = () => new Date('2026-04-01T10:00:00.123Z');
  t.equal(clockMicros(fixed), 1_775_037_600_123_000n);
  const before = BigInt(Date.now()) * 1000n;
  const micros = clockMicros(systemClock);
  t.ok(micros >= before - 1000n && micros <= BigInt(Date.now()) * 1000n + 2000n);
});
