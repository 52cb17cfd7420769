import t from 'tap';
import type { ClubDate } from '../../src/calendar/club-date.js';
import { MAX_RANGE_DAYS, dateArgument, dateRange } from '../../src/calendar/date-range.js';
import { DomainError } from '../../src/errors/domain-error.js';

const day = (text: string) => text as ClubDate;

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message, ...error.extensions };
    throw error;
  }
  return 'no error';
}

void t.test('a range includes both ends; one day is a range', async (t) => {
  t.strictSame(dateRange(day('2026-01-01'), day('2026-01-31')), { start: '2026-01-01', end: '2026-01-31' });
  t.strictSame(dateRange(day('2026-02-28'), day('2026-02-28')), { start: '2026-02-28', end: '2026-02-28' });
});

void t.test('a reversed range is BAD_USER_INPUT naming the start', async (t) => {
  t.strictSame(
    refusal(() => dateRange(day('2026-02-01'), day('2026-01-31'))),
    { code: 'BAD_USER_INPUT', message: 'startDate 2026-02-01 is after endDate 2026-01-31', field: 'startDate' },
  );
  t.strictSame(
    refusal(() => dateRange(day('2026-02-01'), day('2026-01-31'), { fields: { start: 'from', end: 'to' } })),
    { code: 'BAD_USER_INPUT', message: 'from 2026-02-01 is after to 2026-01-31', field: 'from' },
  );
});

void t.test('the span is capped', async (t) => {
  t.equal(MAX_RANGE_DAYS, 3660);
  t.strictSame(dateRange(day('2020-01-01'), day('2030-01-07')).end, '2030-01-07', 'exactly 3660 days fit');
  t.strictSame(
    refusal(() => dateRange(day('2020-01-01'), day('2030-01-08'))),
    {
      code: 'BAD_USER_INPUT',
      message: 'The range 2020-01-01 to 2030-01-08 spans 3661 days; at most 3660 are allowed',
      field: 'endDate',
    },
  );
  t.strictSame(
    refusal(() => dateRange(day('2026-01-01'), day('2026-01-08'), { maxDays: 7 })),
    {
      code: 'BAD_USER_INPUT',
      message: 'The range 2026-01-01 to 2026-01-08 spans 8 days; at most 7 are allowed',
      field: 'endDate',
    },
  );
});

void t.test('dateArgument parses text dates with a message naming the argument', async (t) => {
  t.equal(dateArgument('2024-02-29', 'startDate'), '2024-02-29');
  for (const text of ['2025-02-29', '2025-1-1', '', 'yesterday']) {
    t.strictSame(
      refusal(() => dateArgument(text, 'endDate')),
      {
        code: 'BAD_USER_INPUT',
        message: `endDate "${text}" is not a date like 2025-01-31`,
        field: 'endDate',
      },
    );
  }
});
