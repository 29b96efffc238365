/**
 * Leading-edge throttle for the live readings broadcast. A fixed timer made every reading wait for the
 * next tick (≈ 125 ms on average, 250 ms worst) on top of the ingest's own coalescing; here a batch goes
 * out at once when the previous send is at least `intervalMs` old, else at the `intervalMs` mark. Either
 * way there is at most one send per `intervalMs`, so each client still gets ≤ 1000 / intervalMs batches/s.
 */
export interface SendThrottle {
  /** Something is waiting to be sent: send now or schedule the send. */
  notify(): void;
  /** Cancels a scheduled send (shutdown). */
  close(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.(); // a pending broadcast must not keep the process alive
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
};

export function createSendThrottle(intervalMs: number, send: () => void, clock: ThrottleClock = realClock): SendThrottle {
  let lastSentAt = -Infinity;
  let timer: unknown = undefined;
  let closed = false;

  function fire(): void {
    timer = undefined;
    lastSentAt = clock.now();
    send();
  }

  return {
    notify() {
      if (closed || timer !== undefined) return; // already scheduled: that send takes this batch too
      const wait = lastSentAt + intervalMs - clock.now();
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    close() {
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    }
  };
}
