import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_SCHEMAS, renderJsonSchema, type SchemaFileName } from './registry.ts';

/** Regenerates schemas/*.schema.json from the zod sources (`npm run schemas`). */
const dir = fileURLToPath(new URL('../../schemas/', import.meta.url));
for (const name of Object.keys(PUBLISHED_SCHEMAS) as SchemaFileName[]) {
  await writeFile(`${dir}${name}`, renderJsonSchema(name));
  console.log(`wrote schemas/${name}`);
}
