import { z } from 'zod';
import { PipelineError } from '../errors.ts';
import { sha256Hex } from '../release-format/checksums.ts';
import { ASSET, compareAssetNames } from '../release-format/names.ts';
import { readChanges, readDataset, readSums } from '../release-format/read-release.ts';
import type { ReleaseSource } from '../release-format/release-files.ts';
import type { SiteAsset, SiteRelease } from './model.ts';

/** The fields of datapackage.json the site shows (date, licences); the rest is not the site's business. */
const LicenseSchema = z.object({ name: z.string().optional(), title: z.string().optional(), path: z.string().optional() });
const PackageMetaSchema = z.object({ created: z.string().optional(), licenses: z.array(LicenseSchema).optional() });
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const SAFE_ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A store that remembers what it read of one release, so the checked readers and the
 * download copy fetch each asset once (a GitHub store downloads it over the network).
 */
function cachingStore(store: ReleaseSource): ReleaseSource {
  const cache = new Map<string, Promise<Uint8Array>>();
  return {
    description: store.description,
    listVersions: () => store.listVersions(),
    readAsset: (version, name) => {
      const key = `${version}/${name}`;
      let bytes = cache.get(key);
      if (!bytes) {
        bytes = store.readAsset(version, name);
        cache.set(key, bytes);
      }
      return bytes;
    },
  };
}

/** Reads the date and licences from datapackage.json; a release without them (or with broken ones) shows none. */
function parsePackageMeta(bytes: Uint8Array): Pick<SiteRelease, 'created' | 'licenses'> {
  try {
    const parsed = PackageMetaSchema.safeParse(JSON.parse(decoder.decode(bytes)));
    return parsed.success ? { created: parsed.data.created ?? null, licenses: parsed.data.licenses ?? [] } : { created: null, licenses: [] };
  } catch {
    return { created: null, licenses: [] };
  }
}

/**
 * Reads one release for the site, through the store interface only: every asset listed in
 * SHA256SUMS (each digest checked), the dataset and changes.json (checked against their
 * schemas), and the release date and licences. `onAsset` receives each asset's bytes (to copy them).
 */
export async function readSiteRelease(
  store: ReleaseSource,
  version: string,
  onAsset: (name: string, bytes: Uint8Array) => Promise<void>,
): Promise<SiteRelease> {
  const cached = cachingStore(store);
  const sums = await readSums(cached, version);
  const names = [...sums.keys(), ASSET.sums].sort(compareAssetNames(version));
  const where = `v${version} (${store.description})`;
  // Settled, not raced: when one asset is refused, the copies of the others finish before the
  // caller removes the folder they are written into.
  const read = await Promise.allSettled(
    names.map(async (name): Promise<SiteAsset> => {
      if (!SAFE_ASSET_NAME.test(name)) throw new PipelineError('E_STORE_CORRUPT', `${where}: ${ASSET.sums} lists an unusable file name ${JSON.stringify(name)}`);
      const bytes = await cached.readAsset(version, name);
      const sha256 = sha256Hex(bytes);
      if (name !== ASSET.sums && sha256 !== sums.get(name)) {
        throw new PipelineError('E_STORE_CORRUPT', `${where}: ${name} does not match ${ASSET.sums}: sha256 ${sha256}, expected ${sums.get(name)}`);
      }
      await onAsset(name, bytes);
      return { name, bytes: bytes.length, sha256 };
    }),
  );
  const failed = read.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const assets = read.map((r) => (r as PromiseFulfilledResult<SiteAsset>).value);
  const dataset = await readDataset(cached, version);
  const changes = await readChanges(cached, version);
  if (changes.to !== version) throw new PipelineError('E_STORE_CORRUPT', `${where}: ${ASSET.changesJson} says it leads to ${changes.to}`);
  const meta = sums.has(ASSET.datapackage) ? parsePackageMeta(await cached.readAsset(version, ASSET.datapackage)) : { created: null, licenses: [] };
  return { version, ...meta, dataset, changes, assets };
}
