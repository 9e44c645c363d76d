import { describe, expect, it } from 'vitest';
import { parseLineJson, parseLineJsonHead } from '../../pipeline/store/parse-line-json.ts';
import { renderChangesJson, renderCommitmentsJson } from '../../pipeline/render/render-json.ts';
import { makeRecord } from '../support/builders.ts';

const enc = new TextEncoder();

describe('parseLineJson', () => {
  it('reads back exactly what the renderers write, records and empty arrays included', () => {
    const dataset = {
      version: '1.2.3',
      records: [makeRecord({ id: 'a-1', seq: 1, text: '含"引号"、逗号,和\\反斜杠\n' }), makeRecord({ id: 'a-2', seq: 2 })],
      cities: [],
      withdrawn: [],
    };
    const bytes = renderCommitmentsJson(dataset);
    expect(parseLineJson(bytes)).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
    const changes = renderChangesJson({ formatVersion: 1, from: null, to: '1.0.0', bump: 'initial', summary: { added: 0, removed: 0, modified: 0 }, changes: [] });
    expect(parseLineJson(changes)).toEqual(JSON.parse(new TextDecoder().decode(changes)));
  });

  it.each([
    ['pretty-printed JSON with nested objects', JSON.stringify({ a: [{ b: 1 }] }, null, 2)],
    ['compact JSON', '{"a":[1,2]}'],
    ['text after the closing brace', '{\n  "a": 1\n}\nextra'],
    ['an unterminated array', '{\n  "a": [\n    1\n'],
  ])('returns null for another layout (%s), so the caller falls back to JSON.parse', (_name, text) => {
    expect(parseLineJson(enc.encode(text))).toBeNull();
  });

  it('returns null for a broken element line, leaving the error to JSON.parse', () => {
    expect(parseLineJson(enc.encode('{\n  "a": [\n    {"x": \n  ]\n}\n'))).toBeNull();
  });

  it('reads only the members before the first array', () => {
    const changes = renderChangesJson({ formatVersion: 1, from: '1.0.0', to: '1.1.0', bump: 'minor', summary: { added: 1, removed: 0, modified: 0 }, changes: [] });
    expect(parseLineJsonHead(changes)).toEqual({ formatVersion: 1, from: '1.0.0', to: '1.1.0', bump: 'minor', summary: { added: 1, removed: 0, modified: 0 }, changes: [] });
    const withArray = enc.encode('{\n  "a": 1,\n  "list": [\n    {"x":\n');
    expect(parseLineJsonHead(withArray)).toEqual({ a: 1 });
    expect(parseLineJsonHead(enc.encode('[1]'))).toBeNull();
  });
});
