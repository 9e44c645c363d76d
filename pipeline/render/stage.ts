import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { fileAsset, type Asset } from './asset.ts';
import type { EntryDeflater } from './deflate.ts';
import { StringBatches } from './utf8-builder.ts';

/** How much text is encoded and written at a time. */
const BATCH = 1 << 20;

/**
 * Writes text chunks to `<dir>/<name>` as UTF-8, a megabyte at a time, hashing as it goes
 * and feeding `deflater` (the zip's compression then runs beside the rendering): the asset
 * never exists whole in memory (nor as one string, which V8 caps at ~512 M characters).
 */
export async function stageText(dir: string, name: string, chunks: Iterable<string>, deflater?: EntryDeflater): Promise<Asset> {
  const file = path.join(dir, name);
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  let size = 0;
  const write = async (text: string): Promise<void> => {
    if (text === '') return;
    const bytes = Buffer.from(text, 'utf8');
    hash.update(bytes);
    size += bytes.length;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    await deflater?.write(bytes);
  };
  try {
    const batches = new StringBatches(BATCH);
    for (const chunk of chunks) {
      const batch = batches.push(chunk);
      if (batch !== null) await write(batch);
    }
    await write(batches.take());
  } finally {
    closeSync(fd);
  }
  return fileAsset(name, file, size, hash.digest('hex'));
}

/**
 * Writes `<dir>/<name>` as `prefix` followed by the bytes of an already staged file (the
 * Excel CSV is the CSV behind a BOM): a file copy, not a second rendering. Also returns the
 * copy's CRC-32, which its zip entry needs.
 */
export function stagePrefixed(dir: string, name: string, prefix: Uint8Array, sourceFile: string): { asset: Asset; crc: number } {
  const file = path.join(dir, name);
  const out = openSync(file, 'w');
  const input = openSync(sourceFile, 'r');
  const hash = createHash('sha256');
  let size = 0;
  let crc = 0;
  const write = (bytes: Uint8Array): void => {
    hash.update(bytes);
    crc = crc32(bytes, crc);
    size += bytes.length;
    let written = 0;
    while (written < bytes.length) written += writeSync(out, bytes, written);
  };
  try {
    write(prefix);
    const buffer = Buffer.allocUnsafe(BATCH);
    for (let n = readSync(input, buffer, 0, BATCH, null); n > 0; n = readSync(input, buffer, 0, BATCH, null)) write(buffer.subarray(0, n));
  } finally {
    closeSync(input);
    closeSync(out);
  }
  return { asset: fileAsset(name, file, size, hash.digest('hex')), crc };
}
