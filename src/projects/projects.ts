// The projects area's operations: list them, add one to a member.
import type { Deps } from '../deps.js';
import { badUserInput } from '../errors/domain-error.js';
import type { Prisma } from '../generated/prisma/client.js';
import { memberNotFound } from '../members/member-errors.js';

export interface ProjectSelection {
  include?: Prisma.ProjectInclude;
  select?: Prisma.ProjectSelect;
}

export function listProjects(deps: Deps, selection: ProjectSelection) {
  return deps.prisma.project.findMany({ ...selection, orderBy: { id: 'asc' } });
}

/** Adds a project (title trimmed, never empty) to an existing member; resolves to it. */
export async function addProject(deps: Deps, input: { memberId: number; title: string }, selection: ProjectSelection) {
  const title = input.title.trim();
  if (!title) throw badUserInput('Project title must not be empty', 'title');
  // Selecting from member makes an unknown member insert nothing.
  const rows = await deps.prisma.$queryRaw<{ id: number }[]>`
      INSERT INTO project (member_id, title)
      SELECT member_id, ${title} FROM member WHERE member_id = ${input.memberId}
      RETURNING project_id AS id`;
  if (!rows[0]) throw memberNotFound(input.memberId);
  return deps.prisma.project.findUniqueOrThrow({ ...selection, where: { id: rows[0].id } });
}
