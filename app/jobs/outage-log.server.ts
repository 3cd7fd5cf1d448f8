// One log line when a service the app needs (Redis, the database) goes away and one when it is
// back, whatever happens in between: during an outage every request and every reconnect
// attempt fails, and a line (or a stack trace) per failure buries what an operator needs.

export class OutageLog {
  private downSince: number | null = null;

  constructor(
    /** e.g. "Redis at 127.0.0.1:6379" */
    private readonly service: string,
    /** what the app does meanwhile, e.g. "jobs wait in the database outbox" */
    private readonly meanwhile: string,
  ) {}

  get isDown() {
    return this.downSince !== null;
  }

  /** The service failed; logs only the first failure of an outage. */
  down(reason: string) {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    console.error(`${this.service} is unreachable (${reason}): ${this.meanwhile}`);
  }

  /** The service answered again; logs once, with how long it was away. */
  up(detail?: string) {
    if (this.downSince === null) return;
    const seconds = Math.round((Date.now() - this.downSince) / 100) / 10;
    this.downSince = null;
    console.log(`${this.service} is reachable again after ${seconds} s${detail ? `: ${detail}` : ""}`);
  }
}
