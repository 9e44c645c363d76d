import { z } from 'zod';
import { SeedSchema } from './seed.ts';
import { CitiesFileSchema, ChangesFileSchema, CommitmentsFileSchema } from './release.ts';

/**
 * Every published JSON Schema: file name in schemas/ → zod source of truth.
 * The committed files are generated from these (`npm run schemas`); a test fails when they drift.
 */
export const PUBLISHED_SCHEMAS = {
  'seed.schema.json': SeedSchema,
  'commitments.schema.json': CommitmentsFileSchema,
  'cities.schema.json': CitiesFileSchema,
  'changes.schema.json': ChangesFileSchema,
} as const;

export type SchemaFileName = keyof typeof PUBLISHED_SCHEMAS;

/** The JSON Schema text for one published schema, exactly as committed. */
export function renderJsonSchema(name: SchemaFileName): string {
  const schema = z.toJSONSchema(PUBLISHED_SCHEMAS[name], { target: 'draft-2020-12', unrepresentable: 'any' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
