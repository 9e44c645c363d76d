import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileAsset, type Asset } from './asset.ts';
import type { EntryDeflater } from './deflate.ts';
import { StringBatches } from './utf8-builder.ts';

/** How much text is encoded and written at a time. */
const BATCH = 1 << 20;

/** A file being staged: bytes go to the file, the hash and the zip's deflater as they come. */
function openStaged(dir: string, name: string, deflater: EntryDeflater | undefined) {
  const file = path.join(dir, name);
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  let size = 0;
  return {
    write: async (bytes: Uint8Array): Promise<void> => {
      if (bytes.length === 0) return;
      hash.update(bytes);
      size += bytes.length;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      await deflater?.write(bytes);
    },
    close: (): void => closeSync(fd),
    asset: (): Asset => fileAsset(name, file, size, hash.digest('hex')),
  };
}

/**
 * Writes text chunks to `<dir>/<name>` as UTF-8, a megabyte at a time, hashing as it goes
 * and feeding `deflater` (the zip's compression then runs beside the rendering): the asset
 * never exists whole in memory (nor as one string, which V8 caps at ~512 M characters).
 */
export async function stageText(dir: string, name: string, chunks: Iterable<string>, deflater?: EntryDeflater): Promise<Asset> {
  const staged = openStaged(dir, name, deflater);
  try {
    const batches = new StringBatches(BATCH);
    for (const chunk of chunks) {
      const batch = batches.push(chunk);
      if (batch !== null) await staged.write(Buffer.from(batch, 'utf8'));
    }
    await staged.write(Buffer.from(batches.take(), 'utf8'));
  } finally {
    staged.close();
  }
  return staged.asset();
}

/** Writes binary chunks (commitments.parquet's row groups) to `<dir>/<name>`, like stageText. */
export async function stageBytes(dir: string, name: string, chunks: Iterable<Uint8Array>, deflater?: EntryDeflater): Promise<Asset> {
  const staged = openStaged(dir, name, deflater);
  try {
    for (const chunk of chunks) await staged.write(chunk);
  } finally {
    staged.close();
  }
  return staged.asset();
}
