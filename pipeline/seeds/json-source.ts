/**
 * JSON with source positions, for error messages people can act on.
 *
 * Seeds are parsed with the native JSON.parse on the fast path; this module is what
 * turns a JSON pointer into a line and column, finds duplicate keys (which JSON.parse
 * silently collapses) and explains syntax errors precisely.
 */

/** 1-based line and column (columns count UTF-16 code units, as editors do). */
export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface JsonSyntaxError {
  readonly message: string;
  readonly offset: number;
  /** 'depth' when the text nests deeper than MAX_JSON_DEPTH (then `pointer` says where). */
  readonly kind: 'syntax' | 'depth';
  readonly pointer: string;
}

/**
 * The deepest nesting of arrays and objects accepted. A seed file needs 4 levels; the
 * limit keeps every recursive walk over parsed values (and this locating parser) far
 * from the stack limit, whatever a hostile file contains.
 */
export const MAX_JSON_DEPTH = 32;

/** What one iterative pass over a parsed value finds. */
export interface ValueScan {
  /** Own keys of every object, counted (compared with the text's keys to find duplicates). */
  readonly keys: number;
  /** Arrays and objects nest deeper than the limit somewhere. */
  readonly tooDeep: boolean;
  /** Some number is not a safe integer and not a plain fraction: beyond 2^53, or infinite. */
  readonly inexact: boolean;
}

/**
 * Walks a parsed JSON value without recursion (JSON.parse accepts any depth; nothing
 * recursive may see a value until this pass has bounded it): counts keys, measures the
 * depth, and looks for numbers JSON readers cannot hold exactly.
 */
export function scanValue(root: unknown, maxDepth: number = MAX_JSON_DEPTH): ValueScan {
  let keys = 0;
  let tooDeep = false;
  let inexact = false;
  const stack: unknown[] = [root];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop()!;
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) inexact = true;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      tooDeep = true;
      continue;
    }
    if (Array.isArray(value)) {
      for (const v of value) {
        stack.push(v);
        depths.push(depth + 1);
      }
    } else {
      for (const k in value) {
        if (!Object.hasOwn(value, k)) continue;
        keys++;
        stack.push((value as Record<string, unknown>)[k]);
        depths.push(depth + 1);
      }
    }
  }
  return { keys, tooDeep, inexact };
}

export interface DuplicateKey {
  readonly pointer: string;
  readonly key: string;
  /** Offset of the repeated key. */
  readonly offset: number;
  /** Offset of the first occurrence. */
  readonly firstOffset: number;
}

/** Where each value (and each property's key) starts, by JSON pointer. */
export interface JsonLocations {
  readonly values: ReadonlyMap<string, number>;
  readonly keys: ReadonlyMap<string, number>;
  readonly duplicates: readonly DuplicateKey[];
  readonly syntaxError: JsonSyntaxError | null;
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Maps offsets in a text to line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
}

/**
 * Counts the object keys in syntactically valid JSON text without building values:
 * a string followed by ':' is a key. Compared with the keys of the parsed value,
 * a difference means the text repeats a key.
 */
export function countKeysInText(text: string): number {
  let count = 0;
  let i = text.indexOf('"');
  while (i !== -1) {
    let j = text.indexOf('"', i + 1);
    while (j !== -1) {
      let k = j - 1;
      let backslashes = 0;
      while (text.charCodeAt(k) === 92) {
        backslashes++;
        k--;
      }
      if (backslashes % 2 === 0) break;
      j = text.indexOf('"', j + 1);
    }
    if (j === -1) break;
    let m = j + 1;
    let c = text.charCodeAt(m);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++m);
    if (c === 58) count++;
    i = text.indexOf('"', m);
  }
  return count;
}

/** Counts own keys of every object in a parsed JSON value (iteratively: any depth). */
export function countKeysInValue(value: unknown): number {
  return scanValue(value, Infinity).keys;
}

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly kind: 'syntax' | 'depth' = 'syntax',
    readonly pointer = '',
  ) {
    super(message);
  }
}

/**
 * Scans JSON text and records where every value and key starts. Stops at the
 * first syntax error (reported with its offset); positions found before it are kept.
 */
export function locateJson(text: string): JsonLocations {
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  const duplicates: DuplicateKey[] = [];
  let i = 0;
  const n = text.length;

  const describe = (at: number): string => {
    if (at >= n) return 'the end of the file';
    const ch = text[at]!;
    return `'${ch === '\n' ? '\\n' : ch}'`;
  };
  const skipWs = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 47 && (text[i + 1] === '/' || text[i + 1] === '*')) {
        throw new SyntaxFailure('comments are not allowed in JSON', i);
      } else return;
    }
  };
  const parseString = (): string => {
    const start = i;
    i++;
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= n) throw new SyntaxFailure('unterminated string (missing closing ")', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          throw new SyntaxFailure(`invalid escape sequence '\\${e ?? ''}' in string`, i);
        }
        chunk = i;
        continue;
      }
      if (c < 32) {
        throw new SyntaxFailure(
          c === 10 ? 'line break inside a string (write \\n, or close the string)' : 'control character inside a string (escape it)',
          i,
        );
      }
      i++;
    }
  };
  const parseValue = (pointer: string, depth: number): void => {
    skipWs();
    values.set(pointer, i);
    const c = text[i];
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH) {
      throw new SyntaxFailure(`arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels here`, i, 'depth', pointer);
    }
    if (c === '{') {
      i++;
      const seen = new Map<string, number>();
      skipWs();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipWs();
        if (text[i] !== '"') {
          if (text[i] === '}') throw new SyntaxFailure("trailing comma before '}'", i);
          throw new SyntaxFailure(`expected a property name in double quotes, found ${describe(i)}`, i);
        }
        const keyAt = i;
        const key = parseString();
        const child = `${pointer}/${escapePointerToken(key)}`;
        const first = seen.get(key);
        if (first !== undefined) duplicates.push({ pointer: child, key, offset: keyAt, firstOffset: first });
        else {
          seen.set(key, keyAt);
          keys.set(child, keyAt);
        }
        skipWs();
        if (text[i] !== ':') throw new SyntaxFailure(`expected ':' after property name "${key}", found ${describe(i)}`, i);
        i++;
        if (first !== undefined) {
          // Locate the repeated value under a scratch pointer so the first one keeps its position.
          const saved = new Map(values);
          parseValue(child, depth + 1);
          for (const [k, v] of saved) values.set(k, v);
        } else parseValue(child, depth + 1);
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        throw new SyntaxFailure(`expected ',' or '}' after the value of "${key}", found ${describe(i)}`, i);
      }
    }
    if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        skipWs();
        if (text[i] === ']') throw new SyntaxFailure("trailing comma before ']'", i);
        parseValue(`${pointer}/${index}`, depth + 1);
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        throw new SyntaxFailure(`expected ',' or ']' after an array element, found ${describe(i)}`, i);
      }
    }
    if (c === '"') {
      parseString();
      return;
    }
    if (c === "'") throw new SyntaxFailure('strings must use double quotes, not single quotes', i);
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (literal) {
      i += literal[0].length;
      return;
    }
    throw new SyntaxFailure(`expected a value, found ${describe(i)}`, i);
  };

  let syntaxError: JsonSyntaxError | null = null;
  try {
    parseValue('', 0);
    skipWs();
    if (i < n) throw new SyntaxFailure(`unexpected ${describe(i)} after the end of the JSON value`, i);
  } catch (err) {
    if (!(err instanceof SyntaxFailure)) throw err;
    syntaxError = { message: err.message, offset: Math.min(err.offset, n), kind: err.kind, pointer: err.pointer };
  }
  return { values, keys, duplicates, syntaxError };
}

/**
 * The offset to report for a pointer: the value itself, or the nearest ancestor
 * that exists (a missing property is reported at the object that lacks it).
 */
export function offsetOfPointer(loc: JsonLocations, pointer: string, preferKey = false): number {
  let p = pointer;
  for (;;) {
    if (preferKey) {
      const k = loc.keys.get(p);
      if (k !== undefined) return k;
    }
    const v = loc.values.get(p);
    if (v !== undefined) return v;
    if (p === '') return 0;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
