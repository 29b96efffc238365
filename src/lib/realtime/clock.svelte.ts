/**
 * A shared ticking clock for the clock display, ages and staleness. One interval for the whole page,
 * started by the layout in the browser only (server rendering sees the time of the request).
 */
class Clock {
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;

  start(periodMs = 1_000): () => void {
    if (!this.#timer) this.#timer = setInterval(() => (this.now = Date.now()), periodMs);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }
}

export const clock = new Clock();
