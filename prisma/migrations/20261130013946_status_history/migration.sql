-- AlterTable
ALTER TABLE "member" ADD COLUMN     "github_user" TEXT,
ADD COLUMN     "track" TEXT;

-- CreateTable
CREATE TABLE "status_update" (
    "member_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "is_sent" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "status_update_pkey" PRIMARY KEY ("member_id","date")
);

-- CreateTable
CREATE TABLE "status_break" (
    "break_id" SERIAL NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "year" INTEGER,
    "reason" TEXT,

    CONSTRAINT "status_break_pkey" PRIMARY KEY ("break_id")
);

-- CreateIndex
CREATE INDEX "status_update_date_idx" ON "status_update"("date");

-- CreateIndex
CREATE INDEX "status_break_start_date_end_date_idx" ON "status_break"("start_date", "end_date");

-- AddForeignKey
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("member_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: a break ends on or after the day it starts and names a
-- study year if any; the optional member fields are unset rather than blank.
ALTER TABLE "status_break"
    ADD CONSTRAINT "status_break_end_after_start" CHECK ("end_date" >= "start_date"),
    ADD CONSTRAINT "status_break_year_range" CHECK ("year" BETWEEN 1 AND 4);

ALTER TABLE "member"
    ADD CONSTRAINT "member_track_not_blank" CHECK ("track" ~ '\S'),
    ADD CONSTRAINT "member_github_user_format" CHECK ("github_user" ~ '^\S+$');
