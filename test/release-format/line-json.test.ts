import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { lineJsonChunks, parseLineJson, parseLineJsonHead, readLineJsonStream } from '../../pipeline/release-format/line-json.ts';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import { encodeChunks } from '../../pipeline/render/stage.ts';
import { renderChangesJson, renderCommitmentsJson } from '../../pipeline/render/render-json.ts';
import { makeRecord } from '../support/builders.ts';

const enc = new TextEncoder();

describe('the line layout: writer and reader round-trip', () => {
  // JSON values as the release files hold them: nested objects in array elements, any text.
  const element = fc.jsonValue({ maxDepth: 3 });
  const key = fc.string({ unit: 'binary', maxLength: 8 });
  it('whatever the head and arrays, reading the written bytes gives the value back (from bytes and from a stream in pieces)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        fc.dictionary(key, fc.array(element, { maxLength: 6 }), { maxKeys: 3 }),
        fc.integer({ min: 1, max: 97 }),
        async (head, arrays, pieceSize) => {
          // A key may be in both: then the arrays' value comes last, as in JSON.parse of the text.
          const bytes = encodeChunks(lineJsonChunks(head, arrays));
          const expected = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
          expect(parseLineJson(bytes)).toEqual(expected);
          const pieces = [];
          for (let i = 0; i < bytes.length; i += pieceSize) pieces.push(Buffer.from(bytes.subarray(i, i + pieceSize)));
          const streamed = await readLineJsonStream(Readable.from(pieces));
          expect(streamed).toEqual({ value: expected, sha256: sha256Hex(bytes) });
        },
      ),
      { numRuns: 300, seed: 20261204 },
    );
  });
});

describe('handing array elements over as they are read (items)', () => {
  it('gives each element of the named arrays, in order, with the members before it, and keeps none of them', async () => {
    const head = { formatVersion: 1, version: '2.0.0' };
    const arrays = { records: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], withdrawn: [{ id: 'z' }] };
    const bytes = encodeChunks(lineJsonChunks(head, arrays));
    for (const read of [
      async (items: Parameters<typeof parseLineJson>[1]) => parseLineJson(bytes, items),
      async (items: Parameters<typeof parseLineJson>[1]) => (await readLineJsonStream(Readable.from([Buffer.from(bytes)]), items))?.value,
    ]) {
      const seen: Array<[string, unknown, string[]]> = [];
      const value = await read({ arrays: new Set(['records']), onItem: (array, item, members) => seen.push([array, item, Object.keys(members)]) });
      expect(seen).toEqual(arrays.records.map((r) => ['records', r, ['formatVersion', 'version', 'records']]));
      expect(value).toEqual({ ...head, records: [], withdrawn: arrays.withdrawn });
    }
  });

  it("passes on what the consumer throws (it is not taken for another layout)", async () => {
    const bytes = encodeChunks(lineJsonChunks({ v: 1 }, { records: [1, 2, 3] }));
    const items = {
      arrays: new Set(['records']),
      onItem: (_array: string, item: unknown) => {
        if (item === 2) throw new Error('refused 2');
      },
    };
    expect(() => parseLineJson(bytes, items)).toThrow('refused 2');
    await expect(readLineJsonStream(Readable.from([Buffer.from(bytes)]), items)).rejects.toThrow('refused 2');
  });
});

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
