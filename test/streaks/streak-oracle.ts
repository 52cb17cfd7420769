// Status-update streaks. A non-negative current streak counts consecutive
// updates; a negative one counts consecutive missed updates.

export interface Streak {
  currentStreak: number;
  maxStreak: number;
}

export function incrementStreak(previous: Streak | null): Streak {
  if (!previous) return { currentStreak: 1, maxStreak: 1 };
  const currentStreak = previous.currentStreak >= 0 ? previous.currentStreak + 1 : 1;
  // The earlier server kept max below current after a negative run; never again.
  return { currentStreak, maxStreak: Math.max(previous.maxStreak, currentStreak) };
}

export function resetStreak(previous: Streak | null): Streak {
  if (!previous) return { currentStreak: 0, maxStreak: 0 };
  const currentStreak = previous.currentStreak > 0 ? 0 : previous.currentStreak - 1;
  return { currentStreak, maxStreak: previous.maxStreak };
}
