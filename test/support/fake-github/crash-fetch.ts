/**
 * A publisher that dies between two requests, in-process: the fetch it is given lets
 * `after` requests reach the server (the last one is applied there), then never answers
 * again, as if the process had been killed. Nothing of the dead run continues: every
 * later call hangs forever (and ignores timeouts, the way a dead process would).
 */
export interface CrashingFetch {
  readonly fetch: typeof fetch;
  /** Resolves when the crash happened. */
  readonly crashed: Promise<void>;
  /** How many requests were sent (including the one applied just before the crash). */
  readonly sent: () => number;
}

/** A fetch that lets `after` requests reach the server, then dies (see above). */
export function crashingFetch(after: number): CrashingFetch {
  let sent = 0;
  let dead = false;
  let signalCrash: () => void = () => undefined;
  const crashed = new Promise<void>((resolve) => {
    signalCrash = resolve;
  });
  const never = new Promise<Response>(() => undefined);
  const wrapped: typeof fetch = async (input, init) => {
    if (dead) return never;
    sent++;
    if (sent < after) return globalThis.fetch(input, init);
    // The last request: the server applies it, the client dies before reading the answer.
    dead = true;
    try {
      const res = await globalThis.fetch(input, init);
      await res.arrayBuffer();
    } catch {
      // a fault may drop this request too; the crash happens all the same
    }
    signalCrash();
    return never;
  };
  return { fetch: wrapped, crashed, sent: () => sent };
}

/** Runs `work` until it finishes or the fetch crashes; tells which happened. */
export async function runUntilCrash<T>(work: Promise<T>, crash: CrashingFetch): Promise<{ crashed: true } | { crashed: false; value: T }> {
  return Promise.race([crash.crashed.then(() => ({ crashed: true as const })), work.then((value) => ({ crashed: false as const, value }))]);
}
