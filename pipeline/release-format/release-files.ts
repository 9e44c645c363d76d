import type { Readable } from 'node:stream';
import type { Asset } from './asset.ts';

/**
 * One release as a store publishes it: its files and the few facts a store needs about
 * them. The renderer makes these; a store moves their bytes and knows nothing else.
 */
export interface ReleaseFiles {
  readonly version: string;
  /** `v<version>`. */
  readonly tag: string;
  /** The version this release follows, or null for the first release (a store refuses a release that no longer follows its latest). */
  readonly from: string | null;
  /** In the order of assetNamesOf. */
  readonly assets: readonly Asset[];
  /** The release's CHANGELOG.md, also the release notes on GitHub. */
  readonly notes: string;
}

/** What reading a published release needs of a store (the read half of ReleaseStore). */
export interface ReleaseSource {
  /** For people: "local store dist/releases", "GitHub Releases of owner/repo". */
  readonly description: string;
  /** Published (complete, non-draft) versions, oldest first. */
  listVersions(): Promise<string[]>;
  /** One asset of a published release; E_NOT_FOUND when the release or the asset is missing. */
  readAsset(version: string, name: string): Promise<Uint8Array>;
  /**
   * The same as a stream, where the store can do better than reading it whole (a local
   * file): a million-record commitments.json is then parsed line by line. Optional.
   */
  openAsset?(version: string, name: string): Promise<Readable>;
}
