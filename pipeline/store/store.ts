import type { Readable } from 'node:stream';
import type { RenderedRelease } from '../render/render-assets.ts';

/** What publishing did. */
export interface PublishResult {
  /** 'published': a new release now exists; 'unchanged': the same bytes were already published. */
  readonly status: 'published' | 'unchanged';
  /** Where the release can be found (folder or URL). */
  readonly location: string;
}

/**
 * Where releases live: the local folder dist/releases/ or GitHub Releases. The release
 * code never knows which; both pass the same contract tests.
 */
export interface ReleaseStore {
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
  /**
   * The path of an asset's file, where the store is a local folder: two releases are then
   * diffed by reading both files side by side, a city-year group at a time. Optional.
   */
  assetFile?(version: string, name: string): Promise<string>;
  /**
   * Publishes a release atomically: all assets or nothing. The same bytes under an
   * existing version is 'unchanged'; different bytes are refused (E_PUBLISH_CONFLICT).
   */
  publish(release: RenderedRelease): Promise<PublishResult>;
  /**
   * Repairs what a killed run may have left (stale temporary files, root files that do not
   * list every release) without changing any release. Optional; run when nothing is published.
   */
  reconcile?(): Promise<void>;
}
