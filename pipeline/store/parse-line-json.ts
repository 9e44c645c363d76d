/**
 * Reads the line-per-element JSON that the renderers write (render-json.ts):
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
 * one line at a time, so a million-record asset never exists as one decoded string
 * (which would double its size in memory). Any other layout returns null and the caller
 * falls back to JSON.parse; the result is validated against its schema either way.
 */
export function parseLineJson(bytes: Uint8Array): unknown {
  try {
    return readLines(bytes);
  } catch {
    return null; // not this layout after all (e.g. pretty-printed): JSON.parse explains any error
  }
}

function readLines(bytes: Uint8Array): unknown {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, unknown> = {};
  let array: unknown[] | null = null;
  let pos = 0;
  let lineNo = 0;
  let closed = false;
  while (pos < buf.length) {
    let end = buf.indexOf(10, pos);
    if (end === -1) end = buf.length;
    const line = buf.toString('utf8', pos, end);
    pos = end + 1;
    lineNo++;
    if (closed) return line === '' && pos >= buf.length ? out : null;
    if (lineNo === 1) {
      if (line !== '{') return null;
      continue;
    }
    if (array) {
      if (line === '  ]' || line === '  ],') {
        array = null;
        continue;
      }
      if (!line.startsWith('    ')) return null;
      array.push(JSON.parse(line.endsWith(',') ? line.slice(4, -1) : line.slice(4)));
      continue;
    }
    if (line === '}') {
      closed = true;
      continue;
    }
    const open = /^  ("(?:[^"\\]|\\.)*"): \[$/.exec(line);
    if (open) {
      array = [];
      out[JSON.parse(open[1]!) as string] = array;
      continue;
    }
    if (!line.startsWith('  "')) return null;
    const member = JSON.parse(`{${line.endsWith(',') ? line.slice(0, -1) : line}}`) as Record<string, unknown>;
    Object.assign(out, member);
  }
  return closed && pos >= buf.length ? out : null;
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
      Object.assign(out, JSON.parse(`{${line.endsWith(',') ? line.slice(0, -1) : line}}`) as Record<string, unknown>);
    } catch {
      return null;
    }
  }
  return null;
}
