import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8Text } from '../../pipeline/read-bytes.ts';

describe('utf8Text (how release assets are decoded)', () => {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** What TextDecoder's fatal mode gives, or null when it refuses the bytes. */
  const byDecoder = (bytes: Uint8Array): string | null => {
    try {
      return strict.decode(bytes);
    } catch {
      return null;
    }
  };
  const byUtf8Text = (bytes: Uint8Array): string | null => {
    try {
      return utf8Text(bytes);
    } catch (err) {
      expect(err).toBeInstanceOf(TypeError);
      return null;
    }
  };

  it('gives what TextDecoder gives on text, and refuses what it refuses', () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const bytes = enc.encode(text);
        expect(byUtf8Text(bytes)).toBe(byDecoder(bytes));
      }),
      { numRuns: 1000, seed: 20261127 },
    );
    // Arbitrary bytes: mostly not UTF-8 (stray continuation bytes, overlong forms, encoded surrogates, truncation).
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        expect(byUtf8Text(bytes)).toBe(byDecoder(bytes));
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });

  it('keeps a byte order mark and reads a view of a larger buffer', () => {
    expect(utf8Text(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('\uFEFF{}');
    const whole = new TextEncoder().encode('前缀{"城市":"济南市"}后缀');
    const view = whole.subarray(6, whole.length - 6);
    expect(utf8Text(view)).toBe('{"城市":"济南市"}');
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe6, 0xb5], [0xff]]) expect(() => utf8Text(Uint8Array.from(bad))).toThrow(TypeError);
  });
});
