import t from 'tap';
import { loadConfig } from '../src/config.js';

const load = (env: Record<string, string>) => loadConfig({ env, dotenv: false });

t.test('DAILY_TASK_CRON and DAILY_TASK_CATCH_UP_DAYS', async (t) => {
  t.same(
    [load({}).dailyTaskCron, load({}).catchUpDays],
    ['30 0 * * *', 60],
    'defaults: 00:30 daily, 60 days of catch-up',
  );
  t.same(
    [load({ DAILY_TASK_CRON: '*/5 * * * *' }).dailyTaskCron, load({ DAILY_TASK_CATCH_UP_DAYS: '7' }).catchUpDays],
    ['*/5 * * * *', 7],
  );
  t.throws(() => load({ DAILY_TASK_CRON: '61 0 * * *' }), {
    name: 'ConfigError',
    message:
      'Invalid configuration: DAILY_TASK_CRON "61 0 * * *" is not a cron expression (Field value (61) is out of range)',
  });
  t.throws(() => load({ DAILY_TASK_CRON: 'every night' }), {
    name: 'ConfigError',
    message: /^Invalid configuration: DAILY_TASK_CRON "every night" is not a cron expression/,
  });
  t.throws(() => load({ DAILY_TASK_CATCH_UP_DAYS: '-1' }), { name: 'ConfigError' });
});
