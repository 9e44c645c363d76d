import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileAsset, type Asset } from '../release-format/asset.ts';

/** How much text is encoded and written at a time. */
const BATCH = 1 << 20;

/**
 * Joins a renderer's many small chunks into batches of about BATCH characters: each batch
 * is encoded with one call, and no string ever grows large (V8 strings stop at about
 * 512 M characters, which a million-record asset passes).
 */
function* batched(chunks: Iterable<string>): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= BATCH) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) yield pending.join('');
}

/** A renderer's chunks as UTF-8 bytes, in memory (for small assets and tests). */
export function encodeChunks(chunks: Iterable<string>): Uint8Array {
  const parts = Array.from(batched(chunks), (text) => Buffer.from(text, 'utf8'));
  const all = Buffer.concat(parts);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

/**
 * Writes chunks of bytes to `<dir>/<name>`, hashing as they go, and lets the event loop run
 * between them: the zip compresses the files staged before (in zlib's thread pool) while
 * this one is rendered.
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
  return stageChunks(dir, name, (function* () {
    for (const text of batched(chunks)) yield Buffer.from(text, 'utf8');
  })());
}

/** Writes binary chunks (a Parquet file's row groups) to `<dir>/<name>`, hashing as it goes. */
export function stageBytes(dir: string, name: string, chunks: Iterable<Uint8Array>): Promise<Asset> {
  return stageChunks(dir, name, chunks);
}
