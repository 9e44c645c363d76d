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
  /** Offset (in the decoded text) of the first undecodable byte, or -1. */
  readonly invalidAt: number;
}

/** Decodes seed bytes: strips a BOM, and on invalid UTF-8 decodes leniently so later checks still run. */
export function decodeSeedBytes(bytes: Uint8Array): Decoded {
  const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;
  try {
    return { text: strictDecoder.decode(body), hadBom, invalidAt: -1 };
  } catch {
    const bad = firstInvalidUtf8(body);
    const before = lenientDecoder.decode(body.subarray(0, Math.max(0, bad)));
    return { text: lenientDecoder.decode(body), hadBom, invalidAt: before.length };
  }
}

/** Reports BOM and encoding problems found while decoding. */
export function reportEncoding(decoded: Decoded, report: FileReport): void {
  if (decoded.hadBom) report.atFile('E_BOM', 'file starts with a UTF-8 byte-order mark (BOM)');
  if (decoded.invalidAt >= 0) {
    report.atOffset('E_ENCODING', decoded.invalidAt, '', 'file is not valid UTF-8 (is it saved as GBK/GB18030?)');
  }
}
