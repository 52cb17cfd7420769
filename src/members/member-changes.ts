// Finding one member by one of their keys, and changing a member's fields
// with the same rules as a new member's (member-input.ts): the database
// reports duplicates, translated to the same codes as for createMember.
import type { Deps } from '../deps.js';
import { badUserInput } from '../errors/domain-error.js';
import { Prisma } from '../generated/prisma/client.js';
import { memberNotFound } from './member-errors.js';
import { type NewMember, normalizeMemberFields } from './member-input.js';
import type { MemberSelection } from './members.js';

/** The keys a member can be found by; a lookup names exactly one. */
export interface MemberSelector {
  memberId?: number | null;
  email?: string | null;
  rollNo?: string | null;
  discordId?: string | null;
}

/** The one member the selector names, or null; BAD_USER_INPUT unless exactly one key is given. */
export function findMember(deps: Deps, selector: MemberSelector, selection: MemberSelection) {
  const given = Object.entries(selector).filter(([, value]) => value != null);
  if (given.length !== 1) {
    throw badUserInput(
      `Give exactly one of memberId, email, rollNo, discordId (got ${given.length ? given.map(([key]) => key).join(', ') : 'none'})`,
      given[1]?.[0] ?? 'memberId',
    );
  }
  const { memberId, email, rollNo, discordId } = selector;
  const where: Prisma.MemberWhereUniqueInput =
    memberId != null
      ? { id: memberId }
      : email != null
        ? { email: email.trim().toLowerCase() }
        : rollNo != null
          ? { rollNo: rollNo.trim() }
          : { discordId: discordId!.trim() };
  return deps.prisma.member.findUnique({ ...selection, where });
}

/** A change: the member's id and any fields to change (null: keep, except for the optional fields, where it clears). */
export type MemberChange = { memberId: number } & { [Field in keyof NewMember]?: NewMember[Field] | null };

export async function updateMember(deps: Deps, change: MemberChange, selection: MemberSelection) {
  const { memberId, track, githubUser, ...required } = change;
  const kept = Object.fromEntries(Object.entries(required).filter(([, value]) => value != null)) as Partial<NewMember>;
  const data = normalizeMemberFields<Partial<NewMember>>({ ...kept, track, githubUser });
  try {
    return await deps.prisma.member.update({ ...selection, where: { id: memberId }, data });
  } catch (error) {
    // P2025: the row to update does not exist.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') throw memberNotFound(memberId);
    throw error;
  }
}
