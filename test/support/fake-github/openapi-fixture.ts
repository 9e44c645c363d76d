/**
 * test/fixtures/github-openapi.json: the part of GitHub's OpenAPI description (from the
 * @octokit/openapi package) that the fake GitHub serves — its operations, with the component
 * schemas they reference, so the file is self-contained. Written by
 * scripts/extract-github-openapi.ts (`npm run fixtures:github`), read by openapi.ts.
 *
 * The fixture is a small OpenAPI 3.0 document: each operation keeps its operationId,
 * summary and responses (a response's `$ref` to components.responses is inlined; only the
 * application/json schema is kept, GitHub's examples are dropped); schema `$ref`s stay
 * `#/components/schemas/<name>` references, and every component they reach is kept.
 */
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

/** Where the fixture lives. */
export const GITHUB_OPENAPI_FIXTURE = fileURLToPath(new URL('../../fixtures/github-openapi.json', import.meta.url));

/** The package the fixture is cut from, and the file of it that is read. */
export const OPENAPI_PACKAGE = '@octokit/openapi';
export const OPENAPI_FILE = 'generated/api.github.com.json';
export const OPENAPI_DEREF_FILE = 'generated/api.github.com.deref.json';

/** GitHub's two error bodies; the fake answers errors in them whether or not an operation lists the status. */
export const ERROR_SCHEMAS = ['basic-error', 'validation-error'] as const;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;
const RESPONSE_REF = /^#\/components\/responses\/([^/]+)$/;

/** An OpenAPI schema object (JSON, checked as such). */
const SchemaObject = z.record(z.string(), z.json());
export type SchemaObject = z.infer<typeof SchemaObject>;
type JsonValue = SchemaObject[string];

const FixtureResponse = z.strictObject({
  description: z.string(),
  content: z.strictObject({ 'application/json': z.strictObject({ schema: SchemaObject }) }).optional(),
});
const FixtureOperation = z.strictObject({
  operationId: z.string(),
  summary: z.string(),
  responses: z.record(z.string().regex(/^[1-5]\d\d$/), FixtureResponse),
});
type FixtureOperation = z.infer<typeof FixtureOperation>;

const FixtureSchema = z
  .strictObject({
    openapi: z.string(),
    info: z.strictObject({ title: z.string(), version: z.string() }),
    /** Where it was cut from: the package, its version and tarball integrity, the file read, how. */
    'x-source': z.strictObject({
      package: z.literal(OPENAPI_PACKAGE),
      version: z.string(),
      integrity: z.string(),
      file: z.string(),
      script: z.string(),
    }),
    /** "METHOD /template" of every operation in paths, sorted. */
    'x-operations': z.array(z.string()),
    paths: z.record(z.string(), z.partialRecord(z.enum(METHODS), FixtureOperation)),
    components: z.strictObject({ schemas: z.record(z.string(), SchemaObject) }),
  })
  .superRefine((f, ctx) => {
    const listed = operationKeysOf(f.paths);
    if (!isDeepStrictEqual(f['x-operations'], listed)) {
      ctx.addIssue({ code: 'custom', path: ['x-operations'], message: `does not list the operations in paths (${listed.join(', ')})` });
    }
    for (const name of ERROR_SCHEMAS) {
      if (!(name in f.components.schemas)) ctx.addIssue({ code: 'custom', path: ['components', 'schemas'], message: `lacks ${name}` });
    }
    for (const ref of refsIn(f)) {
      const name = SCHEMA_REF.exec(ref)?.[1];
      if (name === undefined || !(name in f.components.schemas)) {
        ctx.addIssue({ code: 'custom', path: ['components', 'schemas'], message: `${ref} does not resolve inside the fixture` });
      }
    }
  });

/** The fixture, checked. */
export type GithubOpenApiFixture = z.infer<typeof FixtureSchema>;

/** An operation the fake serves: its method (any case) and OpenAPI path template. */
export interface OperationRef {
  readonly method: string;
  readonly template: string;
}

/** "GET /repos/{owner}/{repo}/releases": how operations are named in the fixture and in messages. */
export function operationKey(op: OperationRef): string {
  return `${op.method.toUpperCase()} ${op.template}`;
}

function operationKeysOf(paths: Readonly<Record<string, Partial<Record<Method, unknown>>>>): string[] {
  const keys: string[] = [];
  for (const [template, item] of Object.entries(paths)) {
    for (const method of METHODS) if (item[method] !== undefined) keys.push(operationKey({ method, template }));
  }
  return keys.sort();
}

/** Every `$ref` string anywhere in a JSON value. */
function refsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) refsIn(v, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.add(v);
      else refsIn(v, found);
    }
  }
  return found;
}

/** Parses the fixture's text; throws, naming the problems, when it is not a complete fixture. */
export function parseGithubOpenApiFixture(text: string): GithubOpenApiFixture {
  const parsed = FixtureSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`test/fixtures/github-openapi.json is not a valid fixture (re-run npm run fixtures:github):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The fixture's text: two-space JSON with a final newline, as committed. */
export function renderGithubOpenApiFixture(fixture: GithubOpenApiFixture): string {
  return `${JSON.stringify(fixture, null, 2)}\n`;
}

/** GitHub's description (not dereferenced), as far as the extraction reads it. */
const SourceSpec = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({ schemas: z.record(z.string(), z.unknown()), responses: z.record(z.string(), z.unknown()) }),
});
const SourceResponse = z.object({
  description: z.string(),
  content: z.record(z.string(), z.object({ schema: SchemaObject.optional() })).optional(),
});
const SourceOperation = z.object({
  operationId: z.string(),
  summary: z.string(),
  responses: z.record(z.string(), z.union([z.strictObject({ $ref: z.string() }), SourceResponse])),
});

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${what} is not as expected:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Where the fixture was cut from (recorded in it). */
export interface FixtureSource {
  readonly version: string;
  readonly integrity: string;
  readonly script: string;
}

/**
 * Cuts the fixture out of GitHub's OpenAPI description (the parsed, not dereferenced
 * generated/api.github.com.json): the given operations, with their responses' JSON schemas
 * and every component schema those reach, plus GitHub's two error schemas. Throws when the
 * description lacks an operation or a reference.
 */
export function extractGithubOpenApi(spec: unknown, operations: readonly OperationRef[], source: FixtureSource): GithubOpenApiFixture {
  const s = parseOrThrow(SourceSpec, spec, "GitHub's OpenAPI description");
  const missing = operations.filter((op) => s.paths[op.template]?.[op.method.toLowerCase()] === undefined).map(operationKey);
  if (missing.length > 0) throw new Error(`GitHub's OpenAPI description (${source.version}) has no operation ${missing.join(', ')}`);

  const paths: Record<string, Partial<Record<Method, FixtureOperation>>> = {};
  for (const op of operations) {
    const method = op.method.toLowerCase() as Method;
    if (!METHODS.includes(method)) throw new Error(`unsupported method in ${operationKey(op)}`);
    const what = `${operationKey(op)} in GitHub's OpenAPI description`;
    const found = parseOrThrow(SourceOperation, s.paths[op.template]![method], what);
    const responses: FixtureOperation['responses'] = {};
    for (const [status, entry] of Object.entries(found.responses)) {
      let response: unknown = entry;
      if ('$ref' in entry) {
        const name = RESPONSE_REF.exec(entry.$ref)?.[1];
        if (name === undefined || s.components.responses[name] === undefined) throw new Error(`${what}: ${status} refers to ${entry.$ref}, which is not there`);
        response = s.components.responses[name];
      }
      const r = parseOrThrow(SourceResponse, response, `${what}, response ${status}`);
      const schema = r.content?.['application/json']?.schema;
      responses[status] = { description: r.description, ...(schema ? { content: { 'application/json': { schema } } } : {}) };
    }
    (paths[op.template] ??= {})[method] = { operationId: found.operationId, summary: found.summary, responses };
  }
  for (const [template, item] of Object.entries(paths)) paths[template] = Object.fromEntries(METHODS.flatMap((m) => (item[m] ? [[m, item[m]]] : [])));

  // The component schemas the responses reach, transitively, and the error shapes.
  const schemas: Record<string, SchemaObject> = {};
  const pending = [...refsIn(paths), ...ERROR_SCHEMAS.map((n) => `#/components/schemas/${n}`)];
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const name = SCHEMA_REF.exec(ref)?.[1];
    if (name === undefined || s.components.schemas[name] === undefined) throw new Error(`GitHub's OpenAPI description: ${ref} does not resolve to a component schema`);
    if (schemas[name] !== undefined) continue;
    schemas[name] = parseOrThrow(SchemaObject, s.components.schemas[name], `component schema ${name}`);
    pending.push(...refsIn(schemas[name]));
  }

  return {
    openapi: s.openapi,
    info: { title: s.info.title, version: s.info.version },
    'x-source': { package: OPENAPI_PACKAGE, version: source.version, integrity: source.integrity, file: OPENAPI_FILE, script: source.script },
    'x-operations': operationKeysOf(paths),
    paths: sortedByKey(paths),
    components: { schemas: sortedByKey(schemas) },
  };
}

/** The same record with its keys in code-point order, so that re-running the extraction gives the same bytes. */
function sortedByKey<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A schema with every `#/components/schemas/…` reference replaced by the component (recursively). */
function dereferenceSchema(value: JsonValue, components: Readonly<Record<string, SchemaObject>>, stack: readonly string[] = []): JsonValue {
  if (Array.isArray(value)) return value.map((v) => dereferenceSchema(v, components, stack));
  if (typeof value !== 'object' || value === null) return value;
  const ref = value.$ref;
  if (typeof ref === 'string') {
    const name = SCHEMA_REF.exec(ref)?.[1];
    const target = name === undefined ? undefined : components[name];
    if (name === undefined || target === undefined) throw new Error(`${ref} does not resolve`);
    if (stack.includes(name)) throw new Error(`recursive schema ${[...stack, name].join(' → ')}: compare it by hand`);
    return dereferenceSchema(target, components, [...stack, name]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dereferenceSchema(v, components, stack)]));
}

/**
 * The ways the fixture's responses differ from GitHub's dereferenced description
 * (generated/api.github.com.deref.json, the file the schema test used to read): the same
 * statuses, and each JSON schema, its references resolved, equal to the dereferenced one.
 * Empty when the fixture validates exactly what the full description would.
 */
export function diffFromDereferenced(fixture: GithubOpenApiFixture, derefSpec: unknown): string[] {
  const s = parseOrThrow(z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) }), derefSpec, "GitHub's dereferenced OpenAPI description");
  const problems: string[] = [];
  for (const [template, item] of Object.entries(fixture.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const key = operationKey({ method, template });
      const full = s.paths[template]?.[method];
      const parsed = z.object({ responses: z.record(z.string(), SourceResponse) }).safeParse(full);
      if (!parsed.success) {
        problems.push(`${key}: not in the dereferenced description`);
        continue;
      }
      const theirs = parsed.data.responses;
      if (!isDeepStrictEqual(Object.keys(op.responses), Object.keys(theirs))) problems.push(`${key}: statuses ${Object.keys(op.responses)} ≠ ${Object.keys(theirs)}`);
      for (const [status, response] of Object.entries(op.responses)) {
        const mine = response.content ? dereferenceSchema(response.content['application/json'].schema, fixture.components.schemas) : undefined;
        const expected = theirs[status]?.content?.['application/json']?.schema;
        if (!isDeepStrictEqual(mine, expected)) problems.push(`${key} ${status}: the schema differs from the dereferenced description`);
      }
    }
  }
  return problems;
}
