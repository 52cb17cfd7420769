import t from 'tap';
import { createProgress } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, columns: 60, write: (text: string) => written.push(text) };
}

t.test('on a terminal: one bar redrawn in place, cut to the width', async (t) => {
  const terminal = stream(true);
  const progress = createProgress(4, terminal);
  progress.step('2026-01-01 done');
  progress.step('2026-01-02 already done, with a label far too long to fit on this narrow terminal');
  progress.finish();
  t.same(terminal.written, [
    '\r\x1b[2K[######..................] 1/4 2026-01-01 done',
    '\r\x1b[2K[############............] 2/4 2026-01-02 already done, wit',
    '\n',
  ]);
});

t.test('elsewhere: a plain line per step', async (t) => {
  const file = stream(false);
  const progress = createProgress(12, file);
  progress.step('2026-01-01 done');
  progress.step('2026-01-02 done');
  progress.finish();
  t.same(file.written, ['[ 1/12] 2026-01-01 done\n', '[ 2/12] 2026-01-02 done\n']);
});

t.test('a terminal with nothing done ends no line', async (t) => {
  const terminal = stream(true);
  createProgress(3, terminal).finish();
  t.same(terminal.written, []);
});
