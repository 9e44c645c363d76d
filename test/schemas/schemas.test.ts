import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS, renderJsonSchema, type SchemaFileName } from '../../pipeline/schemas/registry.ts';
import { checkAgainstSchema, checkRecord } from '../../pipeline/schemas/ajv.ts';
import { renderValidators } from '../../pipeline/schemas/standalone.ts';
import { REPO } from '../support/paths.ts';

describe('published JSON Schemas', () => {
  for (const name of Object.keys(PUBLISHED_SCHEMAS) as SchemaFileName[]) {
    it(`schemas/${name} is exactly what the zod source generates (run npm run schemas after a change)`, async () => {
      const committed = await readFile(path.join(REPO, 'schemas', name), 'utf8');
      expect(committed).toBe(renderJsonSchema(name));
    });
  }

  it('pipeline/schemas/validators.generated.ts is exactly what ajv compiles from them (run npm run schemas after a change)', async () => {
    const committed = await readFile(path.join(REPO, 'pipeline', 'schemas', 'validators.generated.ts'), 'utf8');
    expect(committed === renderValidators()).toBe(true); // (not toBe: a 200 KB diff helps nobody)
  });

  it('the generated validators reject what the schemas forbid and report where', () => {
    expect(checkAgainstSchema('cities.schema.json', { formatVersion: 1, dataset: 'shandong-commitments', version: '1.0.0', cities: [] })).toEqual([]);
    const errors = checkAgainstSchema('cities.schema.json', { formatVersion: 1, dataset: 'shandong-commitments', version: 'v1', cities: [{ year: 1999 }] });
    expect(errors.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/version', '/cities/0/year']));
    expect(checkRecord({ id: '2023-370100-001' }).length).toBeGreaterThan(0);
  });

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
