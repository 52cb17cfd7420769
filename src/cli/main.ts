#!/usr/bin/env node
// Root's operator command line: `npm run cli -- <command>`, or `root-cli`
// once built. It reads the same configuration as the server (environment and
// .env) and works on the same store.
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { Command, CommandContext } from './command.js';
import { ExitCode, UsageError } from './cli-errors.js';
import { breaksCommand } from './commands/breaks.js';
import { dailyTaskCommand } from './commands/daily-task.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { seedCommand } from './commands/seed.js';
import { signCommand } from './commands/sign.js';
import { statusCommand } from './commands/status.js';

const commands: Record<string, Command> = {
  migrate: migrateCommand,
  status: statusCommand,
  'daily-task': dailyTaskCommand,
  sign: signCommand,
  seed: seedCommand,
  keys: keysCommand,
  breaks: breaksCommand,
};

const usage = `Usage: root-cli <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`)
  .join('\n')}

Run "root-cli <command> --help" for a command's options. Configuration comes
from the environment and .env, as for the server: DATABASE_URL (else the
embedded store in ROOT_DATA_DIR), ROOT_TIMEZONE, HMAC_SECRET, ...

Exit codes: 0 done, 1 failed, 2 bad usage, 78 bad configuration.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(`${usage}\n`);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) throw new UsageError(`unknown command "${name}"`);
  if (args.includes('--help') || args.includes('-h')) {
    out(command.usage);
    return ExitCode.ok;
  }
  let config: Config | undefined;
  const context: CommandContext = {
    config: () => (config ??= loadConfig({ requireSecretInProduction: false })),
    out,
    err: process.stderr,
  };
  return (await command.run(args, context)) ?? ExitCode.ok;
}

function failure(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    const command = process.argv[2];
    const help = command && Object.hasOwn(commands, command) ? `root-cli ${command} --help` : 'root-cli --help';
    process.stderr.write(`root-cli: ${message}\nRun "${help}" for usage.\n`);
    return ExitCode.usage;
  }
  process.stderr.write(`root-cli: ${message}\n`);
  return error instanceof ConfigError ? ExitCode.config : ExitCode.failure;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => (process.exitCode = failure(error)),
);
