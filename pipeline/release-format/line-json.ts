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
 * either way. `items` as for readLineJsonStream.
 */
export function parseLineJson(bytes: Uint8Array, items?: LineJsonItems): unknown {
  const reader = new LineJsonReader(items);
  const lines = new LineSplitter((line) => reader.line(line));
  for (let at = 0; at < bytes.length; at += SLICE) if (!lines.push(bytes.subarray(at, at + SLICE))) return null;
  return lines.end() ? reader.finish() : null;
}

/** How many bytes are decoded at a time. */
const SLICE = 1 << 20;

/**
 * Cuts UTF-8 bytes, given in pieces, into lines: each piece is decoded at once (one call,
 * not one per line) and the lines are handed on as they are complete. Bytes that are not
 * UTF-8 stop it, like a line the consumer refuses.
 */
class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private rest = '';
  private ok = true;

  constructor(private readonly onLine: (line: string) => boolean) {}

  /** Takes the next bytes; false once a line was refused or the bytes are not UTF-8. */
  push(bytes: Uint8Array): boolean {
    if (this.ok) this.take(bytes, true);
    return this.ok;
  }

  /** Ends the input (the last line needs no line break); false as for push. */
  end(): boolean {
    if (this.ok) this.take(new Uint8Array(0), false);
    if (this.ok && this.rest !== '') this.ok = this.onLine(this.rest);
    this.rest = '';
    return this.ok;
  }

  private take(bytes: Uint8Array, more: boolean): void {
    let text: string;
    try {
      text = this.rest + this.decoder.decode(bytes, { stream: more });
    } catch {
      this.ok = false;
      return;
    }
    let pos = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', pos)) {
      if (!this.onLine(text.slice(pos, nl))) {
        this.ok = false;
        return;
      }
      pos = nl + 1;
    }
    this.rest = text.slice(pos);
  }
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

/** A line that opens an array member: `  "records": [`. */
const ARRAY_OPEN = /^  ("(?:[^"\\]|\\.)*"): \[$/;

/**
 * What to do with each element of the arrays named in `arrays`: handed over as it is read,
 * with the members read before it (and not kept: that array stays empty in the value read).
 * What `onItem` throws stops the reading and is thrown to the reader's caller.
 */
export interface LineJsonItems {
  readonly arrays: ReadonlySet<string>;
  readonly onItem: (array: string, item: unknown, members: Readonly<Record<string, unknown>>) => void;
}

/** Reads the same layout line by line, as the lines arrive (e.g. from a file stream). */
export class LineJsonReader {
  private readonly out: Record<string, unknown> = {};
  private array: unknown[] | null = null;
  /** The name of the array being read when its elements are handed over. */
  private handing: string | null = null;
  private lineNo = 0;
  private closed = false;
  private failed = false;

  constructor(private readonly items?: LineJsonItems) {}

  /** Takes one line (without its line break); false once the text is not in this layout. */
  line(line: string): boolean {
    if (this.failed) return false;
    let item: { value: unknown } | null = null;
    try {
      const taken = this.take(line);
      if (taken === false) this.failed = true;
      else if (taken !== true) item = taken;
    } catch {
      this.failed = true; // not this layout after all (e.g. pretty-printed): JSON.parse explains any error
    }
    // Outside the try: what the consumer throws is its own error, not a sign of another layout.
    if (item) this.items!.onItem(this.handing!, item.value, this.out);
    return !this.failed;
  }

  /** The members read so far, or null when the text is not in this layout. */
  members(): Record<string, unknown> | null {
    return this.failed ? null : this.out;
  }

  /** The value read, or null when the text was not in this layout or ended early. */
  finish(): unknown {
    return !this.failed && this.closed ? this.out : null;
  }

  /** True or false as for line(); an element to hand over is returned in a box. */
  private take(line: string): boolean | { value: unknown } {
    this.lineNo++;
    if (this.closed) return false;
    if (this.lineNo === 1) return line === '{';
    if (this.array) {
      if (line === '  ]' || line === '  ],') {
        this.array = null;
        this.handing = null;
        return true;
      }
      if (!line.startsWith('    ')) return false;
      const value: unknown = JSON.parse(line.endsWith(',') ? line.slice(4, -1) : line.slice(4));
      if (this.handing !== null) return { value };
      this.array.push(value);
      return true;
    }
    if (line === '}') {
      this.closed = true;
      return true;
    }
    const open = ARRAY_OPEN.exec(line);
    if (open) {
      const name = JSON.parse(open[1]!) as string;
      this.array = [];
      this.handing = this.items?.arrays.has(name) ? name : null;
      setOwn(this.out, name, this.array);
      return true;
    }
    if (!line.startsWith('  "')) return false;
    assignOwn(this.out, JSON.parse(`{${line.endsWith(',') ? line.slice(0, -1) : line}}`) as Record<string, unknown>);
    return true;
  }
}

/**
 * Reads a stream of this layout line by line, hashing every byte: the value (or null for
 * another layout) and the sha256 of the whole stream. With `items`, the elements of those
 * arrays are handed over as they are read instead of kept.
 */
export async function readLineJsonStream(stream: AsyncIterable<Buffer | string>, items?: LineJsonItems): Promise<{ value: unknown; sha256: string } | null> {
  const hash = createHash('sha256');
  const reader = new LineJsonReader(items);
  const lines = new LineSplitter((line) => reader.line(line));
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    hash.update(chunk);
    if (!lines.push(chunk)) return null;
  }
  if (!lines.end()) return null;
  const value = reader.finish();
  return value === null ? null : { value, sha256: hash.digest('hex') };
}

/**
 * The members before the first array of a line-per-element JSON file (e.g. changes.json's
 * formatVersion, from, to, bump, summary), read without touching the rest of the file.
 * Returns null for another layout.
 */
export function parseLineJsonHead(bytes: Uint8Array): Record<string, unknown> | null {
  const reader = new LineJsonReader();
  let reached = false;
  const lines = new LineSplitter((line) => {
    reached = line === '}' || ARRAY_OPEN.test(line);
    return !reached && reader.line(line);
  });
  lines.push(bytes);
  return reached ? reader.members() : null;
}
