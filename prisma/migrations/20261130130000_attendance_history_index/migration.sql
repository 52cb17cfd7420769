-- Written by hand: a member's history (`attendance(memberId)`, the members'
-- app's member page) is read in full from the index it is looked up by.
-- A member's rows were written one per day among every other member's, so
-- each sits on a heap page of its own: 365 page reads for a year, most of
-- them from disk on the embedded store's small buffer cache. With the
-- columns the history returns carried in the index's leaves (INCLUDE), the
-- same read is an index-only scan of a few pages wherever the table is
-- vacuumed (autovacuum on PostgreSQL; Root vacuums the embedded store after
-- the daily task). Measured at 10,000 members x 365 days: member page
-- 264 -> 609 req/s embedded, 498 -> 859 on PostgreSQL; marks unchanged.
-- Same name, same uniqueness: ON CONFLICT (member_id, date) and Prisma's
-- @@unique([memberId, date]) keep using it. One transaction: no moment
-- without the unique index.
DROP INDEX "attendance_member_id_date_key";
CREATE UNIQUE INDEX "attendance_member_id_date_key" ON "attendance"("member_id", "date")
    INCLUDE ("attendance_id", "is_present", "time_in", "time_out");
