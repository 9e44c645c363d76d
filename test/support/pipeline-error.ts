/**
 * Awaiting an operation that must fail the way the pipeline fails: with a PipelineError.
 */
import { expect } from 'vitest';
import { PipelineError } from '../../pipeline/errors.ts';

/** What `p` settled with: null when it resolved, the thrown value when it rejected. */
export function settle(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

/** Awaits `p`, which must reject with a PipelineError; returns that error. */
export async function expectPipelineError(p: Promise<unknown>): Promise<PipelineError> {
  const err = await settle(p);
  expect(err).toBeInstanceOf(PipelineError);
  return err as PipelineError;
}
