-- CreateTable
CREATE TABLE "daily_task_run" (
    "day" DATE NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "finished_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "absent_rows" INTEGER NOT NULL,
    "summary_rows" INTEGER NOT NULL,

    CONSTRAINT "daily_task_run_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE INDEX "attendance_updated_at_idx" ON "attendance"("updated_at");


-- Written by hand: the ledger's counts are row counts, and a day finishes
-- after it starts.
ALTER TABLE "daily_task_run"
    ADD CONSTRAINT "daily_task_run_counts_not_negative" CHECK ("absent_rows" >= 0 AND "summary_rows" >= 0),
    ADD CONSTRAINT "daily_task_run_finished_after_started" CHECK ("finished_at" >= "started_at");
