/**
 * GitHub's published OpenAPI description (@octokit/openapi), turned into validators for
 * the fake's answers. OpenAPI 3.0 marks null-able values with `nullable: true`; JSON
 * Schema (ajv) needs the null in `type` (or an anyOf), so the schemas are translated.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

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
  /** The validator of an answer, or null when the description documents no JSON body for it. */
  validatorFor(template: string, method: string, status: number): ValidateFunction | null;
  /** Whether the description has this operation at all. */
  hasOperation(template: string, method: string): boolean;
}

/** Loads GitHub's dereferenced description once (about 70 MB of JSON: a second or two). */
export function loadGithubOpenApi(): GithubOpenApi {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.deref.json');
  const spec: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isObject(spec as Json) || !isObject((spec as JsonObject).paths)) throw new Error('unexpected OpenAPI file');
  const paths = (spec as JsonObject).paths as JsonObject;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const cache = new Map<string, ValidateFunction | null>();
  const operation = (template: string, method: string): JsonObject | null => {
    const item = paths[template];
    const op = isObject(item) ? item[method.toLowerCase()] : undefined;
    return isObject(op) ? op : null;
  };
  const jsonSchemaOf = (response: Json | undefined): Json | undefined => {
    const content = isObject(response) ? response.content : undefined;
    const json = isObject(content) ? content['application/json'] : undefined;
    return isObject(json) ? json.schema : undefined;
  };
  // The dereferenced file has no components: take GitHub's two error shapes from operations
  // that document them (basic-error, validation-error).
  const releases = (method: string, status: string): Json | undefined => {
    const responses = operation('/repos/{owner}/{repo}/releases', method)?.responses;
    return jsonSchemaOf(isObject(responses) ? responses[status] : undefined);
  };
  const basicError = releases('get', '404');
  const validationError = releases('post', '422');
  if (basicError === undefined || validationError === undefined) throw new Error('GitHub error schemas not found in the OpenAPI file');
  return {
    hasOperation: (template, method) => operation(template, method) !== null,
    validatorFor(template, method, status) {
      const key = `${method} ${template} ${status}`;
      if (cache.has(key)) return cache.get(key)!;
      const responses = operation(template, method)?.responses;
      const documented = isObject(responses) ? responses[String(status)] : undefined;
      // Errors an operation lists without a body, or does not list, come in GitHub's error shapes.
      const errorShape = status >= 400 ? (status === 422 ? validationError : basicError) : undefined;
      const schema = (isObject(documented) ? jsonSchemaOf(documented) : undefined) ?? errorShape;
      const fn = schema === undefined ? null : ajv.compile(translateSchema(schema) as object);
      cache.set(key, fn);
      return fn;
    },
  };
}
