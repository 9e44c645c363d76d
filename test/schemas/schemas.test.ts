import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS, renderJsonSchema, type SchemaFileName } from '../../pipeline/schemas/registry.ts';
import { checkAgainstSchema } from '../../pipeline/schemas/ajv.ts';
import { REPO } from '../support/workspace.ts';

describe('published JSON Schemas', () => {
  for (const name of Object.keys(PUBLISHED_SCHEMAS) as SchemaFileName[]) {
    it(`schemas/${name} is exactly what the zod source generates (run npm run schemas after a change)`, async () => {
      const committed = await readFile(path.join(REPO, 'schemas', name), 'utf8');
      expect(committed).toBe(renderJsonSchema(name));
    });
  }

  it('every committed seed file points at the seed schema and validates against it', async () => {
    for (const slug of ['jinan', 'qingdao', 'zibo']) {
      const seed = JSON.parse(await readFile(path.join(REPO, 'seeds', '2023', `${slug}.json`), 'utf8')) as Record<string, unknown>;
      expect(seed.$schema).toBe('../../schemas/seed.schema.json');
      expect(checkAgainstSchema('seed.schema.json', seed)).toEqual([]);
    }
  });

  it('the seed schema rejects unknown keys such as a misspelt "responsibel"', () => {
    const seed = {
      year: 2023,
      city: '济南市',
      complete: true,
      contact: { name: '权娜', phone: '0531-5170706' },
      source: { title: 't', publisher: 'p' },
      commitments: [{ seq: 1, text: 'x', deadline: '12月底前', responsibel: ['刘强'] }],
    };
    const errors = checkAgainstSchema('seed.schema.json', seed);
    expect(errors.map((e) => [e.keyword, e.instancePath])).toEqual(
      expect.arrayContaining([
        ['additionalProperties', '/commitments/0'],
        ['required', '/commitments/0'],
      ]),
    );
  });
});
