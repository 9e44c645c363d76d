import { ZipArchive } from 'archiver';
import type { Asset } from './names.ts';

/** The fixed entry time when no release date is known: the earliest a zip can store. */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/**
 * A byte-deterministic zip of the given files: sorted names, one fixed time (stored
 * as UTC), fixed permissions, fixed compression level.
 */
export async function renderZip(files: readonly Asset[], date: Date | null): Promise<Uint8Array> {
  const archive = new ZipArchive({ zlib: { level: 6 }, forceLocalTime: false });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('end', () => resolve());
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  const when = date && date.getTime() >= ZIP_EPOCH.getTime() ? date : ZIP_EPOCH;
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    archive.append(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), { name: f.name, date: when, mode: 0o644 });
  }
  await archive.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
