import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Utf8Builder } from '../../pipeline/render/utf8-builder.ts';

describe('Utf8Builder', () => {
  it('gives the UTF-8 of all pieces in order, ASCII pieces (pushAscii) interleaved with any others', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 300 });
    const any = fc.string({ unit: 'binary', maxLength: 300 });
    // Pieces long enough, now and then, to fill a batch (16k characters) or a block (1 MiB).
    const piece = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fc.constant(true), ascii) },
      { weight: 8, arbitrary: fc.tuple(fc.constant(false), any) },
      { weight: 1, arbitrary: fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 400_000 })).map(([isAscii, n]) => [isAscii, (isAscii ? 'a' : '推进').repeat(n)] as const) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const out = new Utf8Builder();
        for (const [isAscii, text] of pieces) {
          if (isAscii) out.pushAscii(text);
          else out.push(text);
        }
        const bytes = out.finish();
        expect(Buffer.from(bytes).equals(Buffer.from(pieces.map(([, text]) => text).join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });
});
