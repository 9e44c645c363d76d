import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../pipeline/release-format/checksums.ts';
import { encodeChunks, stageText } from '../../pipeline/render/stage.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const utf8 = (chunks: readonly string[]): Buffer => Buffer.from(chunks.join(''), 'utf8');

describe('staging text: the chunks encoded batch by batch are the UTF-8 of their joined text', () => {
  it('for any chunks of any text (CJK, emoji, ASCII), in memory', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: fc.constantFrom('承', '诺', '。', '🏙', 'é', '"', '\n'), maxLength: 40 })), { maxLength: 60 }), (chunks) => {
        expect(Buffer.from(encodeChunks(chunks)).equals(utf8(chunks))).toBe(true);
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('across batch edges and for chunks larger than a batch, staged to a file with its size and sha256', async () => {
    const dir = await makeTempDir();
    // A batch holds 2 MiB (2,097,152 bytes): 700,000 CJK characters are fewer characters than
    // that but more bytes (2.1 MB); 1.2 M are larger than a batch in any measure.
    const justOver = '山'.repeat(700_000);
    const big = '山东省'.repeat(400_000);
    const medium = '济南🏙'.repeat(150_000); // 600,000 UTF-16 units, 1.5 MB
    const items = Array.from({ length: 5000 }, (_, i) => `第${i}项承诺，`);
    const chunks = ['{', justOver, ',', medium, ',', big, 'x', medium, ...items, medium, big, justOver, '}'];
    const expected = utf8(chunks);
    expect(Buffer.from(encodeChunks(chunks)).equals(expected)).toBe(true);
    const asset = await stageText(dir, 'a.json', chunks);
    const written = await readFile(`${dir}/a.json`);
    expect(written.equals(expected)).toBe(true);
    expect(asset.size).toBe(expected.length);
    expect(asset.sha256).toBe(sha256Hex(expected));
  });
});
