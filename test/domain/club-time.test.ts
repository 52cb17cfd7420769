import t from 'tap';
import { addDays, clubDate, epochMicroseconds, systemClock } from '../../src/domain/club-time.js';

const utcDay = (text: string) => new Date(`${text}T00:00:00.000Z`);

void t.test('clubDate is the calendar day in the club time zone, as UTC midnight', async (t) => {
  t.strictSame(
    clubDate(new Date('2026-03-31T18:40:00Z'), 'Asia/Kolkata'),
    utcDay('2026-04-01'),
    'already tomorrow in India',
  );
  t.strictSame(
    clubDate(new Date('2026-03-31T18:29:59.999Z'), 'Asia/Kolkata'),
    utcDay('2026-03-31'),
    'one ms before midnight',
  );
  t.strictSame(clubDate(new Date('2026-03-31T18:30:00Z'), 'Asia/Kolkata'), utcDay('2026-04-01'), 'midnight exactly');
  t.strictSame(clubDate(new Date('2026-03-31T18:40:00Z'), 'UTC'), utcDay('2026-03-31'));
  t.strictSame(clubDate(new Date('2026-04-01T02:00:00Z'), 'America/Los_Angeles'), utcDay('2026-03-31'), 'behind UTC');
  t.strictSame(clubDate(new Date('2026-12-31T18:30:00Z'), 'Asia/Kolkata'), utcDay('2027-01-01'), 'new year');
  t.strictSame(clubDate(new Date('2028-02-28T20:00:00Z'), 'Asia/Kolkata'), utcDay('2028-02-29'), 'leap day');
});

void t.test('00:10 club time belongs to the previous UTC day', async (t) => {
  // 00:10 on 2026-04-01 in Kolkata (UTC+05:30) is 18:40 UTC on 2026-03-31.
  const instant = new Date('2026-03-31T18:40:00Z');
  t.equal(instant.getUTCDate(), 31);
  t.strictSame(clubDate(instant, 'Asia/Kolkata'), utcDay('2026-04-01'));
});

void t.test('clubDate ignores the server zone (TZ)', async (t) => {
  const saved = process.env.TZ;
  process.env.TZ = 'America/New_York';
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  t.strictSame(clubDate(new Date('2026-03-31T18:40:00Z'), 'Asia/Kolkata'), utcDay('2026-04-01'));
});

void t.test('the same zone reuses its formatter and stays right', async (t) => {
  t.strictSame(
    [
      clubDate(new Date('2026-06-15T12:00:00Z'), 'Europe/Berlin'),
      clubDate(new Date('2026-06-15T22:30:00Z'), 'Europe/Berlin'),
    ],
    [utcDay('2026-06-15'), utcDay('2026-06-16')],
  );
});

void t.test('addDays', async (t) => {
  t.strictSame(addDays(utcDay('2026-03-31'), 1), utcDay('2026-04-01'));
  t.strictSame(addDays(utcDay('2026-03-01'), -1), utcDay('2026-02-28'));
  t.strictSame(addDays(utcDay('2024-03-01'), -1), utcDay('2024-02-29'));
  t.strictSame(addDays(utcDay('2026-12-31'), 0), utcDay('2026-12-31'));
  t.strictSame(addDays(utcDay('2026-01-01'), 365), utcDay('2027-01-01'));
});

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
