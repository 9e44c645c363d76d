import { describe, expect, it } from 'vitest';
import {
  diffFromDereferenced,
  extractGithubOpenApi,
  parseGithubOpenApiFixture,
  renderGithubOpenApiFixture,
  type GithubOpenApiFixture,
} from '../support/fake-github/openapi-fixture.ts';

const SOURCE = { version: '1.2.3', integrity: 'sha512-x', script: 'test' };
const errorSchemas = {
  'basic-error': { type: 'object', properties: { message: { type: 'string' } } },
  'validation-error': { type: 'object', required: ['message'], properties: { message: { type: 'string' }, errors: { type: 'array' } } },
};
const thing = { type: 'object', required: ['owner'], properties: { owner: { $ref: '#/components/schemas/user' }, note: { type: 'string', nullable: true, example: 'n' } } };
const user = { type: 'object', required: ['login'], properties: { login: { type: 'string' } } };

/** A description shaped like GitHub's generated/api.github.com.json, in miniature. */
const spec = {
  openapi: '3.0.3',
  info: { title: 'GitHub v3 REST API', version: '1.1.4', description: 'dropped' },
  paths: {
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path' }],
      get: {
        operationId: 'things/get',
        summary: 'Get a thing',
        parameters: [{ $ref: '#/components/parameters/id' }],
        responses: {
          '200': { description: 'Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' }, examples: { default: { $ref: '#/components/examples/thing' } } } } },
          '404': { $ref: '#/components/responses/not_found' },
        },
      },
      delete: { operationId: 'things/delete', summary: 'Delete a thing', responses: { '204': { description: 'Response' } } },
    },
    '/others': { get: { operationId: 'others/list', summary: 'List others', responses: { '200': { description: 'Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/unused' } } } } } } },
  },
  components: {
    schemas: { thing, user, unused: { type: 'string' }, ...errorSchemas },
    responses: { not_found: { description: 'Resource not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } } } },
    examples: { thing: { value: { owner: { login: 'octocat' } } } },
  },
};
const routed = [
  { method: 'GET', template: '/things/{id}' },
  { method: 'DELETE', template: '/things/{id}' },
];

describe('extracting the fixture from GitHub’s OpenAPI description', () => {
  it('keeps only the routed operations, their JSON schemas and the components they reach', () => {
    const fixture = extractGithubOpenApi(spec, routed, SOURCE);
    expect(fixture).toEqual({
      openapi: '3.0.3',
      info: { title: 'GitHub v3 REST API', version: '1.1.4' },
      'x-source': { package: '@octokit/openapi', version: '1.2.3', integrity: 'sha512-x', file: 'generated/api.github.com.json', script: 'test' },
      'x-operations': ['DELETE /things/{id}', 'GET /things/{id}'],
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'things/get',
            summary: 'Get a thing',
            responses: {
              '200': { description: 'Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } } },
              '404': { description: 'Resource not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } } },
            },
          },
          delete: { operationId: 'things/delete', summary: 'Delete a thing', responses: { '204': { description: 'Response' } } },
        },
      },
      components: { schemas: { ...errorSchemas, thing, user } },
    });
    expect(Object.keys(fixture.components.schemas)).toEqual(['basic-error', 'thing', 'user', 'validation-error']);
  });

  it('renders text that parses back to the same fixture, byte-stable', () => {
    const fixture = extractGithubOpenApi(spec, routed, SOURCE);
    const text = renderGithubOpenApiFixture(fixture);
    expect(parseGithubOpenApiFixture(text)).toEqual(fixture);
    expect(renderGithubOpenApiFixture(extractGithubOpenApi(spec, [...routed].reverse(), SOURCE))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('fails when GitHub’s description lacks a routed operation or a referenced schema', () => {
    expect(() => extractGithubOpenApi(spec, [...routed, { method: 'PUT', template: '/things/{id}' }, { method: 'GET', template: '/nope' }], SOURCE)).toThrow(
      /has no operation PUT \/things\/\{id\}, GET \/nope/,
    );
    const dangling = { ...spec, components: { ...spec.components, schemas: { ...spec.components.schemas, user: undefined } } };
    expect(() => extractGithubOpenApi(dangling, routed, SOURCE)).toThrow(/#\/components\/schemas\/user does not resolve/);
    expect(() => extractGithubOpenApi({ openapi: '3.0.3' }, routed, SOURCE)).toThrow(/GitHub's OpenAPI description is not as expected/);
  });

  it('compares the fixture with the dereferenced description, schema by schema', () => {
    const fixture = extractGithubOpenApi(spec, routed, SOURCE);
    const dereferenced = (login: object): unknown => ({
      paths: {
        '/things/{id}': {
          get: {
            responses: {
              '200': { description: 'Response', content: { 'application/json': { schema: { ...thing, properties: { ...thing.properties, owner: { ...user, properties: { login } } } } } } },
              '404': { description: 'Resource not found', content: { 'application/json': { schema: errorSchemas['basic-error'] } } },
            },
          },
          delete: { responses: { '204': { description: 'Response' } } },
        },
      },
    });
    expect(diffFromDereferenced(fixture, dereferenced({ type: 'string' }))).toEqual([]);
    expect(diffFromDereferenced(fixture, dereferenced({ type: 'integer' }))).toEqual(['GET /things/{id} 200: the schema differs from the dereferenced description']);
  });
});

describe('reading the committed fixture', () => {
  const fixture = (): GithubOpenApiFixture => extractGithubOpenApi(spec, routed, SOURCE);

  it('rejects a fixture that is not self-contained', () => {
    const f = fixture();
    delete f.components.schemas.user;
    expect(() => parseGithubOpenApiFixture(JSON.stringify(f))).toThrow(/#\/components\/schemas\/user does not resolve inside the fixture/);
    const g = fixture();
    delete g.components.schemas['validation-error'];
    expect(() => parseGithubOpenApiFixture(JSON.stringify(g))).toThrow(/lacks validation-error/);
  });

  it('rejects a fixture whose list of operations is not what its paths hold', () => {
    const f = { ...fixture(), 'x-operations': ['GET /things/{id}'] };
    expect(() => parseGithubOpenApiFixture(JSON.stringify(f))).toThrow(/does not list the operations in paths/);
  });

  it('rejects a fixture that is not JSON of the expected shape', () => {
    expect(() => parseGithubOpenApiFixture(JSON.stringify({ ...fixture(), 'x-source': { package: 'other' } }))).toThrow(/not a valid fixture/);
    expect(() => parseGithubOpenApiFixture('{')).toThrow(SyntaxError);
  });
});
