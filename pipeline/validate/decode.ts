import type { FileReport } from './file-report.ts';

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export interface Decoded {
  readonly text: string;
  readonly hadBom: boolean;
  /** Offset (in the decoded text) of the first undecodable byte or NUL, or -1. */
  readonly invalidAt: number;
  /** Why the bytes are not a UTF-8 text, in words a maintainer can act on ('' when they are). */
  readonly encodingProblem: string;
}

/** Which encoding the bytes are probably in, when they are not UTF-8. */
function guessEncoding(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16';
  // UTF-16 without a byte-order mark: ASCII characters come out as a NUL every other byte.
  let evenNul = 0;
  let oddNul = 0;
  const sample = Math.min(bytes.length, 4096);
  for (let i = 0; i < sample; i++) if (bytes[i] === 0) (i % 2 === 0 ? evenNul++ : oddNul++);
  if (evenNul + oddNul > sample / 8) return 'UTF-16';
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    if (/\p{Script=Han}/u.test(text)) return 'GBK/GB18030';
  } catch {
    // not GB18030 either
  }
  return null;
}

/**
 * Decodes seed bytes: strips a BOM; on invalid UTF-8 (or NUL bytes, which no text file
 * has) it says which encoding the file seems to be in and where the first bad byte is.
 */
export function decodeSeedBytes(bytes: Uint8Array): Decoded {
  const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;
  let text: string | null = null;
  try {
    text = strictDecoder.decode(body);
  } catch {
    // located below
  }
  const nulAt = text === null ? -1 : text.indexOf('\0');
  if (text !== null && nulAt < 0) return { text, hadBom, invalidAt: -1, encodingProblem: '' };
  const bad = text === null ? firstInvalidUtf8(body) : Buffer.from(body).indexOf(0);
  const guess = guessEncoding(bytes);
  const decodedPrefix = lenientDecoder.decode(body.subarray(0, Math.max(0, bad)));
  const byte = `0x${body[bad]!.toString(16).toUpperCase().padStart(2, '0')}`;
  const encodingProblem = guess
    ? `file is not UTF-8: it looks like ${guess}; save it as UTF-8 (without BOM)`
    : `file is not valid UTF-8: byte ${byte} at byte offset ${bad + (hadBom ? 3 : 0)} cannot be decoded`;
  return {
    text: lenientDecoder.decode(body),
    hadBom,
    invalidAt: guess === 'UTF-16' ? 0 : decodedPrefix.length,
    encodingProblem,
  };
}

/** Reports BOM and encoding problems found while decoding. */
export function reportEncoding(decoded: Decoded, report: FileReport): void {
  if (decoded.invalidAt >= 0) {
    // Nothing else in a mis-decoded file is worth reporting: one clear error.
    report.atOffset('E_ENCODING', decoded.invalidAt, '', decoded.encodingProblem);
    return;
  }
  if (decoded.hadBom) report.atFile('E_BOM', 'file starts with a UTF-8 byte-order mark (BOM)');
}
