import t from 'tap';
import { formatNaiveTime, parseNaiveTime } from '../../src/calendar/naive-time.js';

void t.test('parseNaiveTime normalises to PostgreSQL TIME text with microseconds', async (t) => {
  const cases: [string, string][] = [
    ['10:00:00', '10:00:00.000000'],
    ['00:00:00', '00:00:00.000000'],
    ['23:59:59', '23:59:59.000000'],
    ['10:00:00.5', '10:00:00.500000'],
    ['10:00:00.123', '10:00:00.123000'],
    ['10:00:00.123456', '10:00:00.123456'],
    ['10:00:00.123456789', '10:00:00.123456'],
    ['10:00:00.999999999', '10:00:00.999999'],
  ];
  for (const [input, expected] of cases) t.equal(parseNaiveTime(input), expected, input);
});

void t.test('parseNaiveTime refuses what is not a time of day', async (t) => {
  for (const text of [
    '24:00:00',
    '23:60:00',
    '23:59:60',
    '10:00',
    '1:00:00',
    '10:00:00.',
    '10:00:00.1234567890',
    '10:00:00Z',
    '10:00:00+05:30',
    ' 10:00:00',
    '',
    'noon',
  ]) {
    t.equal(parseNaiveTime(text), null, JSON.stringify(text));
  }
});

void t.test('formatNaiveTime follows the earlier server', async (t) => {
  const cases: [string, string][] = [
    ['10:00:00', '10:00:00'],
    ['10:00:00.000000', '10:00:00'],
    ['10:00:00.5', '10:00:00.500'],
    ['10:00:00.500000', '10:00:00.500'],
    ['10:00:00.12', '10:00:00.120'],
    ['10:00:00.120000', '10:00:00.120'],
    ['10:00:00.123', '10:00:00.123'],
    ['10:00:00.123456', '10:00:00.123456'],
    ['10:00:00.1234', '10:00:00.123400'],
    ['10:00:00.000001', '10:00:00.000001'],
    ['10:00:00.001', '10:00:00.001'],
    ['23:59:59.999999', '23:59:59.999999'],
  ];
  for (const [input, expected] of cases) t.equal(formatNaiveTime(input), expected, input);
});

void t.test('parse then format round trips the wire form', async (t) => {
  for (const text of ['10:00:00', '10:00:00.500', '10:00:00.123456', '00:00:00.000001']) {
    t.equal(formatNaiveTime(parseNaiveTime(text)!), text, text);
  }
  t.equal(formatNaiveTime(parseNaiveTime('10:00:00.123456789')!), '10:00:00.123456', 'nanoseconds truncated');
});

void t.test('formatNaiveTime throws on text that is not a time', async (t) => {
  t.throws(() => formatNaiveTime('10:00'), new TypeError('Not a time of day: 10:00'));
});
