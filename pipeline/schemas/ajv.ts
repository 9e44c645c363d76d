import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { PUBLISHED_SCHEMAS, renderJsonSchema, type SchemaFileName } from './registry.ts';
import { CommitmentRecordSchema } from './release.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const compiled = new Map<SchemaFileName, ValidateFunction>();

/**
 * The ajv validator of a published schema, compiled once. It is compiled from the same
 * JSON text that is committed in schemas/ (a test keeps them equal).
 */
export function validatorFor(name: SchemaFileName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    fn = ajv.compile(JSON.parse(renderJsonSchema(name)) as object);
    compiled.set(name, fn);
  }
  return fn;
}

/** Validates a value against a published schema; returns ajv's errors (empty when valid). */
export function checkAgainstSchema(name: SchemaFileName, value: unknown): ErrorObject[] {
  const fn = validatorFor(name);
  return fn(value) ? [] : [...(fn.errors ?? [])];
}

/** A one-line summary of schema errors, for assets read from a store. */
export function describeSchemaErrors(errors: readonly ErrorObject[], limit = 5): string {
  const parts = errors.slice(0, limit).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  if (errors.length > limit) parts.push(`and ${errors.length - limit} more`);
  return parts.join('; ');
}

export { PUBLISHED_SCHEMAS };

let recordValidator: ValidateFunction | undefined;

/** Validates one commitment record (as in commitments.json) on its own. */
export function checkRecord(value: unknown): ErrorObject[] {
  recordValidator ??= ajv.compile(z.toJSONSchema(CommitmentRecordSchema, { target: 'draft-2020-12' }) as object);
  return recordValidator(value) ? [] : [...(recordValidator.errors ?? [])];
}
