// The projects area declares no codes of its own; its rules map to common ones.
import type { ConstraintMeanings } from '../errors/constraint-violations.js';
import { badUserInput } from '../errors/domain-error.js';
import { memberNotFound } from '../members/member-errors.js';

export const projectConstraints: ConstraintMeanings = {
  project_member_id_fkey: () => memberNotFound(),
  project_title_not_blank: () => badUserInput('Project title must not be empty', 'title'),
};
