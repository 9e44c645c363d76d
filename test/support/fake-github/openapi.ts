/**
 * GitHub's published OpenAPI description, turned into validators for the fake's answers.
 * The description is the part of @octokit/openapi the fake serves, committed as
 * test/fixtures/github-openapi.json (openapi-fixture.ts; `npm run fixtures:github`).
 * OpenAPI 3.0 marks null-able values with `nullable: true`; JSON Schema (ajv) needs the
 * null in `type` (or an anyOf), so the schemas are translated.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { GITHUB_OPENAPI_FIXTURE, operationKey, parseGithubOpenApiFixture, type SchemaObject } from './openapi-fixture.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a null type (or an anyOf with null).
 * One known gap of GitHub's description is bridged on purpose: a release asset's `state`
 * lists 'uploaded' and 'open', but GitHub really answers 'starter' for an upload that
 * failed half-way (concourse/github-release-resource#116), which the fake reproduces.
 */
export function translateSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(translateSchema);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable' || k === 'example' || k === 'examples' || k === 'discriminator' || k === 'xml' || k === 'externalDocs') continue;
    out[k] = translateSchema(v);
  }
  const enumValues = out.enum;
  if (Array.isArray(enumValues) && enumValues.length === 2 && enumValues[0] === 'uploaded' && enumValues[1] === 'open') out.enum = [...enumValues, 'starter'];
  if (schema.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

export interface GithubOpenApi {
  /** Where the description comes from, e.g. "@octokit/openapi@23.0.2". */
  readonly source: string;
  /** The operations it has, "METHOD /template", sorted. */
  readonly operations: readonly string[];
  /** The validator of an answer, or null when the description documents no JSON body for it. */
  validatorFor(template: string, method: string, status: number): ValidateFunction | null;
  /** Whether the description has this operation at all. */
  hasOperation(template: string, method: string): boolean;
}

/** Loads the fixture (about 40 KB) and compiles validators from it on demand. */
export function loadGithubOpenApi(): GithubOpenApi {
  const fixture = parseGithubOpenApiFixture(readFileSync(GITHUB_OPENAPI_FIXTURE, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const cache = new Map<string, ValidateFunction | null>();
  // Every schema is compiled with the translated components beside it, where its
  // `#/components/schemas/…` references point (ajv resolves them; unknown keywords are ignored).
  const components = { schemas: Object.fromEntries(Object.entries(fixture.components.schemas).map(([name, s]) => [name, translateSchema(s)])) };
  const compile = (schema: SchemaObject): ValidateFunction => ajv.compile({ ...(translateSchema(schema) as JsonObject), components });
  const operations = new Set(fixture['x-operations']);
  const errorSchema = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
  return {
    source: `${fixture['x-source'].package}@${fixture['x-source'].version}`,
    operations: fixture['x-operations'],
    hasOperation: (template, method) => operations.has(operationKey({ method, template })),
    validatorFor(template, method, status) {
      const key = `${method} ${template} ${status}`;
      if (cache.has(key)) return cache.get(key)!;
      const op = fixture.paths[template]?.[method.toLowerCase() as keyof (typeof fixture.paths)[string]];
      const documented = op?.responses[String(status)];
      // Errors an operation lists without a body, or does not list, come in GitHub's error shapes.
      const errorShape = status >= 400 ? errorSchema(status === 422 ? 'validation-error' : 'basic-error') : undefined;
      const schema = documented?.content?.['application/json'].schema ?? errorShape;
      const fn = schema === undefined ? null : compile(schema);
      cache.set(key, fn);
      return fn;
    },
  };
}
