-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('M', 'F', 'Other');

-- CreateTable
CREATE TABLE "member" (
    "member_id" SERIAL NOT NULL,
    "roll_no" VARCHAR(16) NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "sex" "Sex" NOT NULL,
    "year" INTEGER NOT NULL,
    "hostel" TEXT NOT NULL,
    "mac_address" TEXT NOT NULL,
    "discord_id" TEXT NOT NULL,
    "group_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "attendance" (
    "attendance_id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "is_present" BOOLEAN NOT NULL DEFAULT false,
    "time_in" TIME(6),
    "time_out" TIME(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attendance_pkey" PRIMARY KEY ("attendance_id")
);

-- CreateTable
CREATE TABLE "attendance_summary" (
    "member_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "month" INTEGER NOT NULL,
    "days_attended" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "attendance_summary_pkey" PRIMARY KEY ("member_id","year","month")
);

-- CreateTable
CREATE TABLE "status_update_streak" (
    "member_id" INTEGER NOT NULL,
    "current_streak" INTEGER NOT NULL DEFAULT 0,
    "max_streak" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "status_update_streak_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "project" (
    "project_id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "project_pkey" PRIMARY KEY ("project_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "member_roll_no_key" ON "member"("roll_no");

-- CreateIndex
CREATE UNIQUE INDEX "member_email_key" ON "member"("email");

-- CreateIndex
CREATE UNIQUE INDEX "member_mac_address_key" ON "member"("mac_address");

-- CreateIndex
CREATE UNIQUE INDEX "member_discord_id_key" ON "member"("discord_id");

-- CreateIndex
CREATE INDEX "member_year_group_id_idx" ON "member"("year", "group_id");

-- CreateIndex
CREATE INDEX "attendance_date_idx" ON "attendance"("date");

-- CreateIndex
CREATE UNIQUE INDEX "attendance_member_id_date_key" ON "attendance"("member_id", "date");

-- CreateIndex
CREATE INDEX "project_member_id_idx" ON "project"("member_id");

-- AddForeignKey
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("member_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attendance_summary" ADD CONSTRAINT "attendance_summary_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("member_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_update_streak" ADD CONSTRAINT "status_update_streak_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("member_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("member_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Rules Prisma cannot express, written by hand: the database enforces SPEC §2
-- whoever writes to it.

-- Members
ALTER TABLE "member"
    ADD CONSTRAINT "member_year_range" CHECK ("year" BETWEEN 1 AND 4),
    ADD CONSTRAINT "member_roll_no_not_blank" CHECK ("roll_no" ~ '\S'),
    ADD CONSTRAINT "member_name_not_blank" CHECK ("name" ~ '\S'),
    ADD CONSTRAINT "member_hostel_not_blank" CHECK ("hostel" ~ '\S'),
    ADD CONSTRAINT "member_discord_id_not_blank" CHECK ("discord_id" ~ '\S'),
    ADD CONSTRAINT "member_email_format" CHECK ("email" ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    ADD CONSTRAINT "member_mac_address_format" CHECK ("mac_address" ~ '^([0-9a-f]{2}:){5}[0-9a-f]{2}$');

-- Attendance: present <=> both times set, absent <=> both null; out never before in.
ALTER TABLE "attendance"
    ADD CONSTRAINT "attendance_presence_matches_times" CHECK (
        ("is_present" AND "time_in" IS NOT NULL AND "time_out" IS NOT NULL)
        OR (NOT "is_present" AND "time_in" IS NULL AND "time_out" IS NULL)),
    ADD CONSTRAINT "attendance_time_out_after_time_in" CHECK ("time_out" >= "time_in");

-- A future date can't be present, judged in the club's time zone. The server
-- sets root.timezone on every connection; other writers get the default zone.
CREATE FUNCTION "attendance_before_write"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    club_today date := (now() AT TIME ZONE coalesce(nullif(current_setting('root.timezone', true), ''), 'Asia/Kolkata'))::date;
BEGIN
    IF NEW."is_present" AND NEW."date" > club_today THEN
        RAISE EXCEPTION 'new row for relation "attendance" violates check constraint "attendance_no_future_presence"'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'attendance_no_future_presence',
                  DETAIL = format('%s is after the club''s today, %s.', NEW."date", club_today);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        NEW."updated_at" := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "attendance_before_write"
    BEFORE INSERT OR UPDATE ON "attendance"
    FOR EACH ROW EXECUTE FUNCTION "attendance_before_write"();

-- Summaries
ALTER TABLE "attendance_summary"
    ADD CONSTRAINT "attendance_summary_month_range" CHECK ("month" BETWEEN 1 AND 12),
    ADD CONSTRAINT "attendance_summary_year_range" CHECK ("year" BETWEEN 1900 AND 9999),
    ADD CONSTRAINT "attendance_summary_days_range" CHECK ("days_attended" BETWEEN 0 AND 31);

-- Streaks: the best streak is never below zero nor below the current one.
ALTER TABLE "status_update_streak"
    ADD CONSTRAINT "status_update_streak_max_not_negative" CHECK ("max_streak" >= 0),
    ADD CONSTRAINT "status_update_streak_max_at_least_current" CHECK ("max_streak" >= "current_streak");

-- Projects
ALTER TABLE "project"
    ADD CONSTRAINT "project_title_not_blank" CHECK ("title" ~ '\S');
