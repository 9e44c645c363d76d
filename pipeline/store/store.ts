import type { ReleaseFiles, ReleaseSource } from '../release-format/release-files.ts';

/** What publishing did. */
export interface PublishResult {
  /** 'published': a new release now exists; 'unchanged': the same bytes were already published. */
  readonly status: 'published' | 'unchanged';
  /** Where the release can be found (folder or URL). */
  readonly location: string;
}

/**
 * Where releases live: the local folder dist/releases/ or GitHub Releases. The release
 * code never knows which; both pass the same contract tests. A store moves bytes: it
 * reads and writes a release's files and knows nothing of their content beyond
 * SHA256SUMS (docs/architecture.md, "Layers").
 */
export interface ReleaseStore extends ReleaseSource {
  /**
   * Publishes a release atomically: all assets or nothing. The same bytes under an
   * existing version is 'unchanged'; different bytes are refused (E_PUBLISH_CONFLICT).
   */
  publish(release: ReleaseFiles): Promise<PublishResult>;
  /**
   * Repairs what a killed run may have left (stale temporary files, root files that do not
   * list every release) without changing any release. Optional; run when nothing is published.
   */
  reconcile?(): Promise<void>;
}
