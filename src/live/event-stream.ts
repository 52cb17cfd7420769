// One subscriber's events as an async iterator, the shape GraphQL
// subscriptions consume. Events are queued while the subscriber's socket is
// busy; a subscriber that falls too far behind loses its queue and gets a
// "missed" marker in its place instead of growing the server's memory.
// return() (the client stopped, the socket closed) ends it at once, even
// while a next() is pending, and runs the clean-up exactly once.

export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private pending: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  constructor(
    private readonly onEnd: () => void,
    private readonly overflow: () => T,
    private readonly capacity = 500,
  ) {}

  get closed(): boolean {
    return this.ended;
  }

  push(event: T): void {
    if (this.ended) return;
    if (this.pending) {
      const resolve = this.pending;
      this.pending = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (this.queue.length >= this.capacity) this.queue.splice(0, this.queue.length, this.overflow());
    this.queue.push(event);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.pending = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.ended) {
      this.ended = true;
      this.queue.length = 0;
      this.pending?.({ value: undefined, done: true });
      this.pending = undefined;
      this.onEnd();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
