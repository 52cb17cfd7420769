import t from 'tap';
import {
  type ClubDate,
  addDays,
  clubDateAt,
  daysBetween,
  fromDbDate,
  parseClubDate,
  toDbDate,
} from '../../src/calendar/club-date.js';

const day = (text: string) => text as ClubDate;

void t.test('parseClubDate', async (t) => {
  void t.test('real days are accepted as they are', async (t) => {
    for (const text of [
      '2026-04-01',
      '2026-12-31',
      '2024-02-29',
      '2000-02-29',
      '0001-01-01',
      '0099-12-31',
      '1600-02-29',
      '9999-12-31',
    ]) {
      t.equal(parseClubDate(text), text, text);
    }
  });
  void t.test('days that do not exist are refused', async (t) => {
    for (const text of [
      '2025-02-29',
      '1900-02-29',
      '2100-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
    ]) {
      t.equal(parseClubDate(text), null, text);
    }
  });
  void t.test('year 0000 is refused', async (t) => {
    t.equal(parseClubDate('0000-01-01'), null);
  });
  void t.test('other shapes are refused', async (t) => {
    for (const text of [
      '',
      '2026-4-1',
      '26-04-01',
      '2026/04/01',
      '2026-04-01T00:00:00',
      ' 2026-04-01',
      '2026-04-01 ',
      '+02026-04-01',
      '20260401',
    ]) {
      t.equal(parseClubDate(text), null, JSON.stringify(text));
    }
  });
});

void t.test('the Prisma edge: DATE columns travel as UTC midnight', async (t) => {
  t.strictSame(toDbDate(day('2026-04-01')), new Date('2026-04-01T00:00:00.000Z'));
  t.strictSame(toDbDate(day('0001-01-01')).toISOString(), '0001-01-01T00:00:00.000Z', 'years below 100 stay');
  t.equal(fromDbDate(new Date('2024-02-29T00:00:00.000Z')), '2024-02-29');
  t.equal(fromDbDate(toDbDate(day('1999-12-31'))), '1999-12-31', 'round trip');
});

void t.test('daysBetween', async (t) => {
  t.equal(daysBetween(day('2026-03-31'), day('2026-04-01')), 1);
  t.equal(daysBetween(day('2026-04-01'), day('2026-03-31')), -1);
  t.equal(daysBetween(day('2024-01-01'), day('2025-01-01')), 366, 'leap year');
  t.equal(daysBetween(day('2026-10-24'), day('2026-10-26')), 2, 'across a DST change elsewhere');
});

void t.test('clubDateAt is the calendar day in the club time zone', async (t) => {
  t.strictSame(
    clubDateAt(new Date('2026-03-31T18:40:00Z'), 'Asia/Kolkata'),
    day('2026-04-01'),
    'already tomorrow in India',
  );
  t.strictSame(
    clubDateAt(new Date('2026-03-31T18:29:59.999Z'), 'Asia/Kolkata'),
    day('2026-03-31'),
    'one ms before midnight',
  );
  t.strictSame(clubDateAt(new Date('2026-03-31T18:30:00Z'), 'Asia/Kolkata'), day('2026-04-01'), 'midnight exactly');
  t.strictSame(clubDateAt(new Date('2026-03-31T18:40:00Z'), 'UTC'), day('2026-03-31'));
  t.strictSame(clubDateAt(new Date('2026-04-01T02:00:00Z'), 'America/Los_Angeles'), day('2026-03-31'), 'behind UTC');
  t.strictSame(clubDateAt(new Date('2026-12-31T18:30:00Z'), 'Asia/Kolkata'), day('2027-01-01'), 'new year');
  t.strictSame(clubDateAt(new Date('2028-02-28T20:00:00Z'), 'Asia/Kolkata'), day('2028-02-29'), 'leap day');
});

void t.test('00:10 club time belongs to the previous UTC day', async (t) => {
  // 00:10 on 2026-04-01 in Kolkata (UTC+05:30) is 18:40 UTC on 2026-03-31.
  const instant = new Date('2026-03-31T18:40:00Z');
  t.equal(instant.getUTCDate(), 31);
  t.strictSame(clubDateAt(instant, 'Asia/Kolkata'), day('2026-04-01'));
});

void t.test('clubDateAt ignores the server zone (TZ)', async (t) => {
  const saved = process.env.TZ;
  process.env.TZ = 'America/New_York';
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  t.strictSame(clubDateAt(new Date('2026-03-31T18:40:00Z'), 'Asia/Kolkata'), day('2026-04-01'));
});

void t.test('the same zone reuses its formatter and stays right', async (t) => {
  t.strictSame(
    [
      clubDateAt(new Date('2026-06-15T12:00:00Z'), 'Europe/Berlin'),
      clubDateAt(new Date('2026-06-15T22:30:00Z'), 'Europe/Berlin'),
    ],
    [day('2026-06-15'), day('2026-06-16')],
  );
});

void t.test('addDays', async (t) => {
  t.strictSame(addDays(day('2026-03-31'), 1), day('2026-04-01'));
  t.strictSame(addDays(day('2026-03-01'), -1), day('2026-02-28'));
  t.strictSame(addDays(day('2024-03-01'), -1), day('2024-02-29'));
  t.strictSame(addDays(day('2026-12-31'), 0), day('2026-12-31'));
  t.strictSame(addDays(day('2026-01-01'), 365), day('2027-01-01'));
});
