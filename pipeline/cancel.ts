/**
 * Stopping a run on SIGINT or SIGTERM (what a cancelled CI job gets before it is killed).
 * The CLI alone listens for the signals; it aborts the run's AbortSignal with
 * `cancelReason(signal)`. The flow and the stores check that signal between units of work
 * (`throwIfCancelled`) and, when they stop, say what they left (`CancelledError.state`).
 */
import { CancelledError, SIGNAL_EXIT_CODES, type StopSignal } from './errors.ts';

const signals = new WeakMap<object, StopSignal>();

/**
 * The abort reason for a signal: an AbortError (so fetch and streams stop as for any
 * abort) that remembers which signal it was.
 */
export function cancelReason(signal: StopSignal): DOMException {
  const reason = new DOMException(`the run was stopped by ${signal}`, 'AbortError');
  signals.set(reason, signal);
  return reason;
}

/** Which signal aborted `abort` (SIGTERM when it was aborted some other way). */
export function stopSignalOf(abort: AbortSignal): StopSignal {
  const reason: unknown = abort.reason;
  return (typeof reason === 'object' && reason !== null && signals.get(reason)) || 'SIGTERM';
}

/** Whether `name` is a signal a run stops on. */
export function isStopSignal(name: string): name is StopSignal {
  return Object.hasOwn(SIGNAL_EXIT_CODES, name);
}

/** Throws a CancelledError saying `state` when the run has been cancelled; a check between units of work. */
export function throwIfCancelled(abort: AbortSignal | undefined, state: string): void {
  if (abort?.aborted) throw new CancelledError(stopSignalOf(abort), state);
}

/**
 * What to throw for `err` once the run may have been cancelled: a CancelledError is kept
 * (it knows best what it left); any other error raised after the signal (an aborted
 * stream or request, mostly) becomes a CancelledError saying `state`. Without a
 * cancellation, `err` is returned as it is.
 */
export function asCancelled(err: unknown, abort: AbortSignal | undefined, state: string): unknown {
  if (err instanceof CancelledError || !abort?.aborted) return err;
  return new CancelledError(stopSignalOf(abort), state, { cause: err });
}
