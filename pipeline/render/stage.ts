import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileAsset, type Asset } from '../release-format/asset.ts';

/** How many bytes of text are encoded, hashed and written at a time. */
const BATCH_BYTES = 2 << 20;

/**
 * A renderer's many small chunks as UTF-8, in batches of at most BATCH_BYTES: each chunk is
 * encoded straight into the batch's buffer (a UTF-16 code unit takes at most 3 bytes), so no
 * string is ever joined into a large one (V8 strings stop at about 512 M characters, which a
 * million-record asset passes) or copied twice. A chunk larger than a batch is its own batch.
 */
function* utf8Batches(chunks: Iterable<string>): Generator<Buffer> {
  let buffer = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  for (const chunk of chunks) {
    if (used + chunk.length * 3 > BATCH_BYTES) {
      if (used > 0) yield buffer.subarray(0, used);
      buffer = Buffer.allocUnsafe(BATCH_BYTES);
      used = 0;
      if (chunk.length * 3 > BATCH_BYTES) {
        yield Buffer.from(chunk, 'utf8');
        continue;
      }
    }
    used += buffer.write(chunk, used, 'utf8');
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/** A renderer's chunks as UTF-8 bytes, in memory (for small assets and tests). */
export function encodeChunks(chunks: Iterable<string>): Uint8Array {
  const all = Buffer.concat([...utf8Batches(chunks)]);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

/**
 * Writes chunks of bytes to `<dir>/<name>`, hashing as they go, and lets the event loop run
 * between them: a signal that stops the run is heard while a large asset renders (the zip
 * compresses the files staged before in a thread of its own).
 */
async function stageChunks(dir: string, name: string, chunks: Iterable<Uint8Array>): Promise<Asset> {
  const file = path.join(dir, name);
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  let size = 0;
  try {
    for (const bytes of chunks) {
      hash.update(bytes);
      size += bytes.length;
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
  return fileAsset(name, file, size, hash.digest('hex'));
}

/**
 * Writes a renderer's chunks to `<dir>/<name>` as UTF-8, a batch at a time, hashing as it
 * goes: the asset never exists whole in memory.
 */
export function stageText(dir: string, name: string, chunks: Iterable<string>): Promise<Asset> {
  return stageChunks(dir, name, utf8Batches(chunks));
}

/** Writes binary chunks (a Parquet file's row groups) to `<dir>/<name>`, hashing as it goes. */
export function stageBytes(dir: string, name: string, chunks: Iterable<Uint8Array>): Promise<Asset> {
  return stageChunks(dir, name, chunks);
}
