/**
 * One pass of a runner at a time: a call while a pass runs asks for one more after it (new work may have
 * come), never a second pass alongside. `stop` lets the pass under way finish, at most `ms`.
 */
export class Passes {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly pass: () => Promise<void>) {}

  get stopping(): boolean {
    return this.stopped;
  }

  /** Asks for one more pass after this one (the pass itself made more work due). */
  more(): void {
    this.again = true;
  }

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  async stop(ms: number): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running ?? Promise.resolve(), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }
}
