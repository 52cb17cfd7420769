// The daily task on a schedule: a fastify-cron job at
// DAILY_TASK_CRON in the club's time zone. Nothing fires until server.ts
// calls app.scheduler.start() after listen, so apps built by tests never run
// it on their own. Each run, and start-up, catches up every missed day.
import fp from 'fastify-plugin';
import fastifyCronModule from 'fastify-cron';
import { type CatchUpResult, catchUp } from '../../daily-task/catch-up.js';
import type { DailyTaskResult } from '../../daily-task/run-daily-task.js';
import { type Clock, systemClock } from '../../calendar/clock.js';

// fastify-cron is CommonJS with a transpiled default export: ESM finds it under .default.
const fastifyCron = fastifyCronModule.default;

export const DAILY_TASK_JOB = 'daily-task';

export interface Scheduler {
  /** Starts the job and catches up at once; resolves when that catch-up is over (it never rejects). */
  start(): Promise<void>;
  /** One catch-up run, queued behind any run in progress (what each tick does). */
  runNow(): Promise<CatchUpResult>;
  /** How the scheduled runs went (for /metrics). */
  readonly status: DailyTaskStatus;
}

export interface DailyTaskStatus {
  /** When the last run that succeeded ended (ms since the epoch), and how long it took. */
  lastSuccessAt: number | undefined;
  lastDurationMs: number | undefined;
  failures: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler;
  }
}

export interface SchedulerOptions {
  /** Tests pass a fixed clock; the server uses the system's. */
  clock?: Clock;
}

export default fp<SchedulerOptions>(
  async (app, { clock = systemClock }) => {
    const { timeZone, catchUpDays, dailyTaskCron } = app.config;
    // Runs in one process never overlap; across replicas the task's lock and ledger decide.
    let queue: Promise<unknown> = Promise.resolve();

    const runNow = (): Promise<CatchUpResult> => {
      const run = queue.then(async () => {
        const result = await catchUp(app.prisma, { timeZone, catchUpDays, clock, onDay: logDay });
        if (result.results.some((day) => day.status === 'done')) await vacuumEmbedded();
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    };
    // The embedded store has no autovacuum: it is vacuumed once per day prepared, at
    // 00:30 or when a start-up catches up, not at every start. A failure
    // leaves the day prepared; the next day's run vacuums again.
    const vacuumEmbedded = async (): Promise<void> => {
      if (!app.store.vacuum) return;
      const started = performance.now();
      try {
        await app.store.vacuum();
        app.log.info({ durationMs: Math.round(performance.now() - started) }, 'embedded store vacuumed and analyzed');
      } catch (error) {
        app.log.warn({ err: error }, 'vacuuming the embedded store failed; the next daily run tries again');
      }
    };
    const logDay = (result: DailyTaskResult) =>
      app.log.info({ dailyTask: result }, `daily task ${result.status} for ${result.day}`);
    const status: DailyTaskStatus = { lastSuccessAt: undefined, lastDurationMs: undefined, failures: 0 };
    const runLogged = async (): Promise<void> => {
      const started = performance.now();
      try {
        const { tooOld } = await runNow();
        status.lastSuccessAt = Date.now();
        status.lastDurationMs = performance.now() - started;
        if (tooOld) {
          app.log.warn(
            { dailyTask: tooOld },
            `daily task: days ${tooOld.from} to ${tooOld.to} are older than DAILY_TASK_CATCH_UP_DAYS and were not ` +
              'prepared; run the CLI (daily-task --from/--to) to prepare them',
          );
        }
      } catch (error) {
        status.failures += 1;
        app.log.error({ err: error }, 'daily task failed; the next run catches up');
      }
    };

    await app.register(fastifyCron);
    const job = app.cron.createJob({
      name: DAILY_TASK_JOB,
      cronTime: dailyTaskCron,
      timeZone,
      startWhenReady: false,
      onTick: () => void runLogged(),
    });

    app.decorate('scheduler', {
      async start() {
        if (!job.running) job.start();
        await runLogged();
      },
      runNow,
      status,
    });
    // fastify-cron stops the job on close; a run in progress finishes before the database closes.
    app.addHook('onClose', async () => {
      job.stop();
      await queue;
    });
  },
  { name: 'scheduler', dependencies: ['config', 'database'] },
);
