// The members area's operations. Reads take the selection Pothos builds for
// the request (`query`: which columns and relations to load) and spread it
// into one Prisma call, which is what folds nested lists into few statements.
import type { Deps } from '../deps.js';
import type { Member, Prisma } from '../generated/prisma/client.js';
import { type NewMember, normalizeNewMember } from './member-input.js';
import { listMembersInOneStatement } from './member-list.js';

/** The columns and relations a request asks for, as plugin-prisma builds them. */
export interface MemberSelection {
  include?: Prisma.MemberInclude;
  select?: Prisma.MemberSelect;
}

export interface MemberFilter {
  year?: number | null;
  groupId?: number | null;
  /** Second generation: only members of this track. */
  track?: string | null;
}

/**
 * Members by id, optionally of one year, group and/or track. The dashboard's
 * selection (columns, streak, monthly summaries) is read in one statement
 * (member-list.ts); anything else by Prisma, nested lists joined in.
 */
export async function listMembers(deps: Deps, filter: MemberFilter, selection: MemberSelection) {
  const read = selection.select && (await listMembersInOneStatement(deps, filter, selection.select));
  if (read) return read as unknown as Awaited<ReturnType<typeof listMembersWithPrisma>>;
  return listMembersWithPrisma(deps, filter, selection);
}

function listMembersWithPrisma(deps: Deps, filter: MemberFilter, selection: MemberSelection) {
  return deps.prisma.member.findMany({
    ...selection,
    relationLoadStrategy: 'join',
    where: { year: filter.year ?? undefined, groupId: filter.groupId ?? undefined, track: filter.track ?? undefined },
    orderBy: { id: 'asc' },
  });
}

/** The members with these ids, as selected, by id (ids without a member are left out). */
export async function membersById(deps: Deps, ids: number[], selection: MemberSelection) {
  const members = await deps.prisma.member.findMany({
    ...selection,
    relationLoadStrategy: 'join',
    where: { id: { in: ids } },
  });
  return new Map(members.map((member) => [member.id, member]));
}

/**
 * A member already loaded whole (every column), as `selection` asks for it:
 * itself when the selection reads only columns, else read again with the
 * relations it asks for.
 */
export async function memberAsSelected(deps: Deps, member: Member, selection: MemberSelection) {
  const asked = selection.select ?? selection.include ?? {};
  const onlyColumns = Object.entries(asked).every(([field, value]) => !value || (value === true && field in member));
  if (onlyColumns) return member;
  return deps.prisma.member.findUniqueOrThrow({ ...selection, where: { id: member.id } });
}

/**
 * Checks and normalises the input, then creates the member (duplicates are
 * refused by the database) and reads back what the request selects. The read
 * is a statement of its own: given nested relations, Prisma's create would
 * load them in parallel on the one connection of its implicit transaction,
 * which pg deprecates ("client.query() when the client is already executing").
 */
export async function createMember(deps: Deps, input: NewMember, selection: MemberSelection) {
  const { id } = await deps.prisma.member.create({ select: { id: true }, data: normalizeNewMember(input) });
  return deps.prisma.member.findUniqueOrThrow({ ...selection, where: { id } });
}
