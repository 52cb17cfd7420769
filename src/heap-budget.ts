// How the server's JavaScript heap is sized: V8 sizes it for the machine's
// memory, not for a club server that may share a small board. Imported first
// by server.ts (ES modules run in import order), so the start-up settings
// below apply before the framework and the schema load. An operator who gives
// one of these flags on node's command line keeps theirs (node refuses them
// in NODE_OPTIONS).
import { setFlagsFromString } from 'node:v8';

/** How much V8 lets the old generation grow past its live size after each full collection. */
export const HEAP_GROWING_PERCENT = 30;

/** V8's default growth of the young generation when its objects keep surviving. */
const SEMI_SPACE_GROWTH_FACTOR = 2;

function givenByOperator(flag: string): boolean {
  const pattern = new RegExp(`^--${flag.replaceAll('-', '[-_]')}\\b`);
  return process.execArgv.some((option) => pattern.test(option));
}

function setUnlessGiven(flag: string, value: number): void {
  if (!givenByOperator(flag)) setFlagsFromString(`--${flag}=${value}`);
}

// Old generation: under load V8 let it grow to four times what it kept alive
// (the API benchmark measured a 275 MB peak for a server holding ~60 MB). A
// fixed growth step after each full collection keeps the small-scale peak
// near 185 MB at the same throughput and, unlike a heap limit, never stops a
// large answer with an out-of-memory crash. V8 reads it at every collection.
setUnlessGiven('heap-growing-percent', HEAP_GROWING_PERCENT);

// Young generation: loading modules and building the schema keep almost
// everything they allocate, which made V8 grow the young generation to its
// maximum during start-up and then hold it, empty, while idle (24 MB of a
// 112 MB idle process). It stays at its initial size until the server
// listens; serving then grows it as V8 would (serverStarted).
setUnlessGiven('semi-space-growth-factor', 1);

/** Start-up is over: the young generation grows with the load again. */
export function serverStarted(): void {
  setUnlessGiven('semi-space-growth-factor', SEMI_SPACE_GROWTH_FACTOR);
}
