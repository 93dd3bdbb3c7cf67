// A shared ticking "now" so live local times update without each component owning a timer.
export class Clock {
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;

  start(intervalMs = 30_000) {
    this.stop();
    this.#timer = setInterval(() => (this.now = Date.now()), intervalMs);
    return () => this.stop();
  }

  stop() {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
