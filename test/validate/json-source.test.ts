import { describe, expect, it } from 'vitest';
import { countKeysInText, countKeysInValue, LineIndex, locateJson, offsetOfPointer } from '../../pipeline/seeds/json-source.ts';

describe('locateJson', () => {
  const text = '{\n  "a": 1,\n  "b/c": [\n    "x",\n    {"d~e": null}\n  ]\n}\n';

  it('records where every value and key starts, by JSON pointer (RFC 6901 escapes)', () => {
    const loc = locateJson(text);
    const lines = new LineIndex(text);
    expect(lines.position(loc.values.get('/a')!)).toEqual({ line: 2, col: 8 });
    expect(lines.position(loc.keys.get('/b~1c')!)).toEqual({ line: 3, col: 3 });
    expect(lines.position(loc.values.get('/b~1c/1/d~0e')!)).toEqual({ line: 5, col: 13 });
    expect(loc.syntaxError).toBeNull();
  });

  it('falls back to the nearest existing ancestor for a missing pointer', () => {
    const loc = locateJson(text);
    expect(offsetOfPointer(loc, '/b~1c/1/missing')).toBe(loc.values.get('/b~1c/1'));
  });

  it('finds duplicate keys, which JSON.parse silently collapses', () => {
    const dup = '{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}';
    const loc = locateJson(dup);
    expect(loc.duplicates.map((d) => [d.pointer, d.offset, d.firstOffset])).toEqual([
      ['/b/x', 23, 15],
      ['/a', 32, 1],
    ]);
    expect(countKeysInText(dup)).toBe(5);
    expect(countKeysInValue(JSON.parse(dup))).toBe(3);
  });

  it('counts keys without being fooled by quotes, colons and backslashes inside strings', () => {
    const tricky = '{"k\\"": "v: \\"x\\": y", "z": ["a:", "\\\\"], "w": {"q": "\\\\\\""}}';
    expect(countKeysInText(tricky)).toBe(countKeysInValue(JSON.parse(tricky)));
  });

  it.each([
    ['{"a": 1,}', "trailing comma before '}'", 8],
    ['{"a": 1 "b": 2}', `expected ',' or '}' after the value of "a", found '"'`, 8],
    ["{'a': 1}", 'expected a property name in double quotes', 1],
    ['{"a": "line\nbreak"}', 'line break inside a string', 11],
    ['{"a": 1} // note', 'comments are not allowed in JSON', 9],
    ['{"a": [1, 2}', "expected ',' or ']' after an array element, found '}'", 11],
    ['{"a": tru}', 'expected a value', 6],
  ])('syntax error in %j is explained at its offset', (json, message, offset) => {
    const loc = locateJson(json);
    expect(loc.syntaxError?.message).toContain(message);
    expect(loc.syntaxError?.offset).toBe(offset);
  });
});
