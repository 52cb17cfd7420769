// Counts over a range of days, per member, as the second generation's fields
// and the first generation's `…ByDate` fields ask for them: the range arrives
// as "YYYY-MM-DD" text (what the clients declare), and every member of a
// request shares one grouped statement per range (src/graphql/member-batches.ts).
import { attendanceCounts } from '../attendance/attendance-counts.js';
import { type DateRange, dateArgument, dateRange } from '../calendar/date-range.js';
import { type Context, deps } from '../graphql/context.js';
import { loadForMember } from '../graphql/member-batches.js';
import { statusUpdateCounts } from '../status/status-updates.js';

/** A count range as the clients send it: "YYYY-MM-DD" text, inclusive, not reversed. */
export function textRange(args: { startDate: string; endDate: string }): DateRange {
  return dateRange(dateArgument(args.startDate, 'startDate'), dateArgument(args.endDate, 'endDate'));
}

export function countsOf(ctx: Context, memberId: number, args: { startDate: string; endDate: string }) {
  const range = textRange(args);
  return loadForMember(ctx, `attendance-counts:${range.start}:${range.end}`, memberId, (ids) =>
    attendanceCounts(deps(ctx), ids, range),
  ).then((counts) => counts ?? { presentCount: 0, absentCount: 0 });
}

export async function updateCountOf(ctx: Context, memberId: number, args: { startDate: string; endDate: string }) {
  const range = textRange(args);
  const count = await loadForMember(ctx, `status-update-count:${range.start}:${range.end}`, memberId, (ids) =>
    statusUpdateCounts(deps(ctx), ids, range),
  );
  return count ?? 0;
}
