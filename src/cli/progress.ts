// Progress of a run over many days: a bar redrawn in place on a terminal,
// plain lines (one per step) when the output is a file, a pipe or a log.
// Small enough to write here rather than add a dependency such as cli-progress.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** One step is over; `line` says what it did. */
  step(line: string): void;
  /** Ends the bar's line on a terminal. */
  finish(): void;
}

const BAR_WIDTH = 24;

export function createProgress(total: number, stream: ProgressStream): Progress {
  let done = 0;
  const counter = (n: number) => `${String(n).padStart(String(total).length)}/${total}`;
  if (!stream.isTTY) {
    return {
      step: (line) => void stream.write(`[${counter((done += 1))}] ${line}\n`),
      finish: () => undefined,
    };
  }
  return {
    step(line) {
      done += 1;
      const filled = Math.round((done / total) * BAR_WIDTH);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${counter(done)} ${line}`;
      // \r and "erase line" redraw in place; cut to the width so it never wraps.
      stream.write(`\r\x1b[2K${bar.slice(0, (stream.columns ?? 80) - 1)}`);
    },
    finish: () => void (done > 0 && stream.write('\n')),
  };
}
