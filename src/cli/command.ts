// What each CLI command is: its help and what it does with its arguments.
import type { Config } from '../config.js';

export interface CommandContext {
  /** Loads and validates the configuration (as the server does) when first called. */
  config: () => Config;
  /** Results, for people and scripts. */
  out: (line: string) => void;
  /** Notes and progress, kept apart from results. */
  err: NodeJS.WriteStream;
}

export interface Command {
  summary: string;
  usage: string;
  /** Resolves to the exit code when it is not 0 without being an error (a report of trouble). */
  run(args: string[], context: CommandContext): Promise<void | number>;
}
