import type { ErrorObject } from 'ajv';
import { PUBLISHED_SCHEMAS, type SchemaFileName } from './registry.ts';
import * as generated from './validators.generated.ts';

/** A validator as ajv generates it: true or false, the errors of the last call on it. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * The validators of the published schemas (and of one commitment record), as ajv compiled
 * them from the same JSON text that is committed in schemas/: generated ahead of time by
 * `npm run schemas` (pipeline/schemas/standalone.ts), so no command spends time compiling
 * them. A test keeps the generated module equal to what the zod sources give now.
 */
const validators: Record<SchemaFileName | 'record', Validator> = {
  'seed.schema.json': generated.seed,
  'commitments.schema.json': generated.commitments,
  'cities.schema.json': generated.cities,
  'changes.schema.json': generated.changes,
  record: generated.record,
};

/** The ajv validator of a published schema. */
export function validatorFor(name: SchemaFileName): Validator {
  return validators[name];
}

/** Validates a value against a published schema; returns ajv's errors (empty when valid). */
export function checkAgainstSchema(name: SchemaFileName, value: unknown): ErrorObject[] {
  return errorsOf(validators[name], value);
}

function errorsOf(fn: Validator, value: unknown): ErrorObject[] {
  return fn(value) ? [] : [...(fn.errors ?? [])];
}

/** A one-line summary of schema errors, for assets read from a store. */
export function describeSchemaErrors(errors: readonly ErrorObject[], limit = 5): string {
  const parts = errors.slice(0, limit).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  if (errors.length > limit) parts.push(`and ${errors.length - limit} more`);
  return parts.join('; ');
}

export { PUBLISHED_SCHEMAS };

/** Validates one commitment record (as in commitments.json) on its own. */
export function checkRecord(value: unknown): ErrorObject[] {
  return errorsOf(validators.record, value);
}
