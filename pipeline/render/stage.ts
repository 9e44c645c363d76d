import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileAsset, type Asset } from './asset.ts';

/** How much text is encoded and written at a time. */
const BATCH = 1 << 20;

/**
 * Writes text chunks to `<dir>/<name>` as UTF-8, a megabyte at a time, hashing as it goes:
 * the asset never exists whole in memory (nor as one string, which V8 caps at ~512 M characters).
 */
export function stageText(dir: string, name: string, chunks: Iterable<string>): Asset {
  const file = path.join(dir, name);
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  let size = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = Buffer.from(pending.join(''), 'utf8');
    hash.update(bytes);
    size += bytes.length;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    pending = [];
    pendingLength = 0;
  };
  try {
    for (const chunk of chunks) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= BATCH) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return fileAsset(name, file, size, hash.digest('hex'));
}
