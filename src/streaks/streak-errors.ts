// The streaks area declares no codes of its own; its rows belong to members.
import type { ConstraintMeanings } from '../errors/constraint-violations.js';
import { memberNotFound } from '../members/member-errors.js';

export const streakConstraints: ConstraintMeanings = {
  status_update_streak_member_id_fkey: () => memberNotFound(),
};
