// Monthly summaries, recomputed from the attendance rows rather than
// incremented: a rerun writes the same numbers, and a late mark (a scanner
// still signing the date it booted with) is picked up by the next run. One
// statement whatever the number of members.
import { Prisma } from '../generated/prisma/client.js';

/** What runs SQL: the Prisma client or one of its interactive transactions. */
export type RawSql = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>;

export interface SummaryScope {
  /** Only days strictly before this club date ("YYYY-MM-DD") count. */
  before: string;
  /**
   * Months holding an attendance row updated at or after this instant are
   * recomputed, with the month of the day before `before`; null recomputes
   * every month (the first run, or a seed).
   */
  changedSince: Date | null;
}

/** Brings attendance_summary in line with attendance; returns the rows it inserted or changed. */
export function recomputeSummaries(sql: RawSql, { before, changedSince }: SummaryScope): Promise<number> {
  const months =
    changedSince === null
      ? Prisma.sql`SELECT DISTINCT date_trunc('month', date)::date AS first_day FROM attendance`
      : Prisma.sql`SELECT date_trunc('month', ${before}::date - 1)::date AS first_day
          UNION
          SELECT DISTINCT date_trunc('month', date)::date FROM attendance WHERE updated_at >= ${changedSince}`;
  // A month is a date range, so the (date) index finds its rows; the last
  // day of a month falls inside its own month's range.
  return sql.$executeRaw`
    WITH months AS (${months}),
    counted AS (
      SELECT a.member_id, months.first_day, (count(*) FILTER (WHERE a.is_present))::int AS days_attended
      FROM months
      JOIN attendance a ON a.date >= months.first_day AND a.date < (months.first_day + interval '1 month')::date
      WHERE a.date < ${before}::date
      GROUP BY a.member_id, months.first_day
    )
    INSERT INTO attendance_summary (member_id, year, month, days_attended)
    SELECT member_id, extract(year FROM first_day)::int, extract(month FROM first_day)::int, days_attended
    FROM counted
    ON CONFLICT (member_id, year, month) DO UPDATE SET days_attended = EXCLUDED.days_attended
    WHERE attendance_summary.days_attended <> EXCLUDED.days_attended`;
}
