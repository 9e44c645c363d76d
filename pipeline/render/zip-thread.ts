/**
 * The zip thread (see openZipFile in render-zip.ts): writes the release zip with
 * writeZipFile, entries in the order they come, reading staged assets from their files, and
 * answers once — the zip's size and sha256, or the error's parts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileStream, memoryAsset } from '../release-format/asset.ts';
import { errorParts, writeZipFile, type FromZipThread, type ToZipThread, type ZipThreadData } from './render-zip.ts';

const port = parentPort!;
const { dir, name, date } = workerData as ZipThreadData;
const { zip, asset } = writeZipFile(dir, name, date === null ? null : new Date(date));
const answer = (message: FromZipThread): void => {
  port.postMessage(message);
  port.close();
};

port.on('message', (message: ToZipThread) => {
  try {
    if (message.type === 'finish') {
      asset().then(
        (zipped) => answer({ type: 'done', size: zipped.size, sha256: zipped.sha256 }),
        (err: unknown) => answer({ type: 'failed', error: errorParts(err) }),
      );
    } else if ('file' in message) {
      const { file } = message;
      zip.add({ name: message.name, stream: () => fileStream(file) }, { store: message.store });
    } else {
      zip.add(memoryAsset(message.name, message.bytes), { store: message.store });
    }
  } catch (err) {
    answer({ type: 'failed', error: errorParts(err) });
  }
});
