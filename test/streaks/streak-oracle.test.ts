import t from 'tap';
import { incrementStreak, resetStreak, type Streak } from './streak-oracle.js';

const s = (currentStreak: number, maxStreak: number): Streak => ({ currentStreak, maxStreak });

void t.test('incrementStreak', async (t) => {
  t.strictSame(incrementStreak(null), s(1, 1), 'no row: (1, 1)');
  t.strictSame(incrementStreak(s(0, 0)), s(1, 1));
  t.strictSame(incrementStreak(s(3, 3)), s(4, 4), 'a record grows');
  t.strictSame(incrementStreak(s(2, 5)), s(3, 5), 'below the record: max unchanged');
  t.strictSame(incrementStreak(s(4, 5)), s(5, 5), 'equal to the record');
  t.strictSame(incrementStreak(s(0, 7)), s(1, 7));
  t.strictSame(incrementStreak(s(-3, 2)), s(1, 2), 'a negative run restarts at 1');
  t.strictSame(incrementStreak(s(-1, 0)), s(1, 1), 'max never below current after a negative run');
  t.strictSame(incrementStreak(s(-5, 0)), s(1, 1));
});

void t.test('resetStreak', async (t) => {
  t.strictSame(resetStreak(null), s(0, 0), 'no row: (0, 0)');
  t.strictSame(resetStreak(s(4, 6)), s(0, 6), 'a positive streak drops to 0');
  t.strictSame(resetStreak(s(1, 1)), s(0, 1));
  t.strictSame(resetStreak(s(0, 3)), s(-1, 3), 'zero counts a first miss');
  t.strictSame(resetStreak(s(-2, 3)), s(-3, 3), 'misses keep counting down');
});

void t.test('a sequence keeps max ≥ current and max ≥ 0', async (t) => {
  const steps: [string, Streak][] = [];
  let streak: Streak | null = null;
  for (const step of ['inc', 'inc', 'reset', 'reset', 'reset', 'inc', 'inc', 'inc', 'reset', 'inc'] as const) {
    streak = step === 'inc' ? incrementStreak(streak) : resetStreak(streak);
    steps.push([step, streak]);
  }
  t.strictSame(steps, [
    ['inc', s(1, 1)],
    ['inc', s(2, 2)],
    ['reset', s(0, 2)],
    ['reset', s(-1, 2)],
    ['reset', s(-2, 2)],
    ['inc', s(1, 2)],
    ['inc', s(2, 2)],
    ['inc', s(3, 3)],
    ['reset', s(0, 3)],
    ['inc', s(1, 3)],
  ]);
  for (const [, value] of steps) t.ok(value.maxStreak >= value.currentStreak && value.maxStreak >= 0);
});

void t.test('from a fresh reset into negatives, then an update', async (t) => {
  let streak = resetStreak(null);
  streak = resetStreak(streak);
  streak = resetStreak(streak);
  t.strictSame(streak, s(-2, 0));
  t.strictSame(incrementStreak(streak), s(1, 1), 'max ≥ current after the negative run');
});

void t.test('inputs are not mutated', async (t) => {
  const previous = s(2, 5);
  incrementStreak(previous);
  resetStreak(previous);
  t.strictSame(previous, s(2, 5));
});
