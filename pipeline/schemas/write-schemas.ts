import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_SCHEMAS, renderJsonSchema, type SchemaFileName } from './registry.ts';
import { renderValidators } from './standalone.ts';

/**
 * Regenerates schemas/*.schema.json from the zod sources, and the validators compiled from
 * them, pipeline/schemas/validators.generated.ts (`npm run schemas`).
 */
const dir = fileURLToPath(new URL('../../schemas/', import.meta.url));
for (const name of Object.keys(PUBLISHED_SCHEMAS) as SchemaFileName[]) {
  await writeFile(`${dir}${name}`, renderJsonSchema(name));
  console.log(`wrote schemas/${name}`);
}
await writeFile(fileURLToPath(new URL('./validators.generated.ts', import.meta.url)), renderValidators());
console.log('wrote pipeline/schemas/validators.generated.ts');
