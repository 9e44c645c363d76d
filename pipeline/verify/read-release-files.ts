import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { readBytes } from '../read-bytes.ts';

/** Every regular file in a release folder (not recursive), by name. */
export async function readReleaseFolder(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isFile() && !entry.name.startsWith('.')) files.set(entry.name, await readBytes(path.join(dir, entry.name)));
  }
  return files;
}

/** The files of a zip, in memory. Rejects entries with paths (a release zip is flat). */
export function unzipToMemory(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open zip'));
      const files = new Map<string, Uint8Array>();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/') || entry.fileName.includes('/') || entry.fileName.startsWith('.')) {
          zip.close();
          return reject(new Error(`unexpected path in zip: ${entry.fileName} (a release zip holds plain file names only)`));
        }
        if (files.has(entry.fileName)) {
          zip.close();
          return reject(new Error(`the zip holds ${entry.fileName} twice`));
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('cannot read zip entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, new Uint8Array(Buffer.concat(chunks)));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Reads a release from a folder or a zip file. */
export async function readReleaseFiles(target: string): Promise<{ kind: 'folder' | 'zip'; files: Map<string, Uint8Array> }> {
  const info = await stat(target);
  if (info.isDirectory()) return { kind: 'folder', files: await readReleaseFolder(target) };
  return { kind: 'zip', files: await unzipToMemory(await readBytes(target)) };
}
