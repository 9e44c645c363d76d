import { createHash } from 'node:crypto';

/**
 * The layout of the release's large JSON files (commitments.json, changes.json): pretty
 * JSON with one array element per line —
 *
 *   {
 *     "formatVersion": 1,
 *     "records": [
 *       {…},
 *       {…}
 *     ],
 *     "withdrawn": []
 *   }
 *
 * small enough at a million records, readable, and a line diff between two releases shows
 * one record per line. This module writes it and reads it back; nothing else knows it
 * (docs/data-contract.md, "File layout").
 */

/**
 * The layout as a sequence of text chunks: the members of `head` on one line each, then
 * each array of `arrays` with one element per line. Never one string, so the largest
 * file can be written (and hashed) as it is produced.
 */
export function* lineJsonChunks(
  head: Readonly<Record<string, unknown>>,
  arrays: Readonly<Record<string, readonly unknown[]>>,
): Generator<string> {
  yield '{\n';
  let first = true;
  const member = (text: string): string => {
    const out = first ? `  ${text}` : `,\n  ${text}`;
    first = false;
    return out;
  };
  for (const [k, v] of Object.entries(head)) yield member(`${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  for (const [k, items] of Object.entries(arrays)) {
    if (items.length === 0) {
      yield member(`${JSON.stringify(k)}: []`);
      continue;
    }
    yield member(`${JSON.stringify(k)}: [\n`);
    for (let i = 0; i < items.length; i++) yield `${i === 0 ? '' : ',\n'}    ${JSON.stringify(items[i])}`;
    yield '\n  ]';
  }
  yield first ? '}\n' : '\n}\n';
}

/**
 * Reads the layout from bytes, one line at a time, so a million-record file never exists
 * as one decoded string (which would double its size in memory). Any other layout returns
 * null and the caller falls back to JSON.parse; the result is checked against its schema
 * either way.
 */
export function parseLineJson(bytes: Uint8Array): unknown {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new LineJsonReader();
  let pos = 0;
  while (pos < buf.length) {
    let end = buf.indexOf(10, pos);
    if (end === -1) end = buf.length;
    if (!reader.line(buf.toString('utf8', pos, end))) return null;
    pos = end + 1;
  }
  return reader.finish();
}

/**
 * Sets an own property, as JSON.parse does: a key "__proto__" in untrusted text stays a
 * plain key (which the schema then rejects), never the object's prototype.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function assignOwn(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) setOwn(target, key, value);
}

/** Reads the same layout line by line, as the lines arrive (e.g. from a file stream). */
export class LineJsonReader {
  private readonly out: Record<string, unknown> = {};
  private array: unknown[] | null = null;
  private lineNo = 0;
  private closed = false;
  private failed = false;

  /** Takes one line (without its line break); false once the text is not in this layout. */
  line(line: string): boolean {
    if (this.failed) return false;
    try {
      this.failed = !this.take(line);
    } catch {
      this.failed = true; // not this layout after all (e.g. pretty-printed): JSON.parse explains any error
    }
    return !this.failed;
  }

  /** The value read, or null when the text was not in this layout or ended early. */
  finish(): unknown {
    return !this.failed && this.closed ? this.out : null;
  }

  private take(line: string): boolean {
    this.lineNo++;
    if (this.closed) return false;
    if (this.lineNo === 1) return line === '{';
    if (this.array) {
      if (line === '  ]' || line === '  ],') {
        this.array = null;
        return true;
      }
      if (!line.startsWith('    ')) return false;
      this.array.push(JSON.parse(line.endsWith(',') ? line.slice(4, -1) : line.slice(4)));
      return true;
    }
    if (line === '}') {
      this.closed = true;
      return true;
    }
    const open = /^  ("(?:[^"\\]|\\.)*"): \[$/.exec(line);
    if (open) {
      this.array = [];
      setOwn(this.out, JSON.parse(open[1]!) as string, this.array);
      return true;
    }
    if (!line.startsWith('  "')) return false;
    assignOwn(this.out, JSON.parse(`{${line.endsWith(',') ? line.slice(0, -1) : line}}`) as Record<string, unknown>);
    return true;
  }
}

/**
 * Reads a stream of this layout line by line, hashing every byte: the value (or null for
 * another layout) and the sha256 of the whole stream.
 */
export async function readLineJsonStream(stream: AsyncIterable<Buffer | string>): Promise<{ value: unknown; sha256: string } | null> {
  const hash = createHash('sha256');
  const reader = new LineJsonReader();
  let rest: Buffer = Buffer.alloc(0);
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    hash.update(chunk);
    const data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let pos = 0;
    for (let nl = data.indexOf(10, pos); nl !== -1; nl = data.indexOf(10, pos)) {
      if (!reader.line(data.toString('utf8', pos, nl))) return null;
      pos = nl + 1;
    }
    rest = Buffer.from(data.subarray(pos)); // a copy: never keep the whole chunk alive
  }
  if (rest.length > 0 && !reader.line(rest.toString('utf8'))) return null;
  const value = reader.finish();
  return value === null ? null : { value, sha256: hash.digest('hex') };
}

/**
 * The members before the first array of a line-per-element JSON file (e.g. changes.json's
 * formatVersion, from, to, bump, summary), read without touching the rest of the file.
 * Returns null for another layout.
 */
export function parseLineJsonHead(bytes: Uint8Array): Record<string, unknown> | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, unknown> = {};
  let pos = 0;
  for (let lineNo = 1; pos < buf.length; lineNo++) {
    let end = buf.indexOf(10, pos);
    if (end === -1) end = buf.length;
    const line = buf.toString('utf8', pos, end);
    pos = end + 1;
    if (lineNo === 1) {
      if (line !== '{') return null;
      continue;
    }
    if (line === '}' || /^  "(?:[^"\\]|\\.)*": \[$/.test(line)) return out;
    if (!line.startsWith('  "')) return null;
    try {
      assignOwn(out, JSON.parse(`{${line.endsWith(',') ? line.slice(0, -1) : line}}`) as Record<string, unknown>);
    } catch {
      return null;
    }
  }
  return null;
}
