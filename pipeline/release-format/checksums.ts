import { createHash } from 'node:crypto';
import type { Asset } from './asset.ts';

/** Hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A SHA256SUMS file that `sha256sum -c` accepts, sorted by name. */
export function renderSha256Sums(assets: ReadonlyArray<Pick<Asset, 'name' | 'sha256'>>): string {
  return [...assets]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((a) => `${a.sha256}  ${a.name}\n`)
    .join('');
}

/** Parses SHA256SUMS into name → hex digest; returns null on any malformed line. */
export function parseSha256Sums(text: string): Map<string, string> | null {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m || sums.has(m[2]!)) return null;
    sums.set(m[2]!, m[1]!);
  }
  return sums;
}
