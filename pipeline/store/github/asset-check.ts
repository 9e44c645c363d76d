/**
 * Comparing a release's assets on GitHub with the rendered ones, by sha256: GitHub's
 * `digest` field when it has one, else by downloading and hashing the asset.
 */
import { PipelineError } from '../../errors.ts';
import { parseSha256Sums } from '../../release-format/checksums.ts';
import { ASSET } from '../../release-format/names.ts';
import type { ReleaseFiles } from '../../release-format/release-files.ts';
import type { ReleaseAsset } from './github-schemas.ts';
import type { ReleasesApi } from './releases-api.ts';

/** One asset as it must end up on GitHub. */
export interface ExpectedAsset {
  readonly name: string;
  readonly size: number;
  /** From SHA256SUMS (for SHA256SUMS itself: the hash of its bytes). */
  readonly sha256: string;
  /** The bytes, read when they are uploaded (large assets are staged files). */
  read(): Promise<Uint8Array>;
}

/**
 * The assets of a rendered release with the digests its SHA256SUMS lists, checked
 * against the assets' own digests before anything is sent: a release that does not
 * match its own SHA256SUMS is never uploaded.
 */
export async function expectedAssetsOf(release: ReleaseFiles): Promise<ExpectedAsset[]> {
  const sumsAsset = release.assets.find((a) => a.name === ASSET.sums);
  const sums = sumsAsset ? parseSha256Sums(new TextDecoder().decode(await sumsAsset.read())) : null;
  if (!sumsAsset || !sums) throw new PipelineError('E_STORE_CORRUPT', `${release.tag}: the rendered release has no valid ${ASSET.sums}`);
  return release.assets.map((a) => {
    const sha256 = a.name === ASSET.sums ? a.sha256 : sums.get(a.name);
    if (sha256 === undefined || sha256 !== a.sha256) {
      throw new PipelineError('E_STORE_CORRUPT', `${release.tag}: rendered ${a.name} does not match ${ASSET.sums}; nothing was uploaded`);
    }
    return { name: a.name, size: a.size, sha256, read: () => a.read() };
  });
}

/** "sha256:<hex>" → hex; null when GitHub gave no (usable) digest. */
export function digestHex(asset: ReleaseAsset): string | null {
  const m = /^sha256:([0-9a-f]{64})$/i.exec(asset.digest ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

export type AssetVerdict =
  | { readonly kind: 'same' }
  /** Not a complete upload: state 'starter' (a failed upload) or 'open', or gone. */
  | { readonly kind: 'broken'; readonly why: string }
  | { readonly kind: 'different'; readonly why: string };

/** Whether a remote asset holds exactly the expected bytes. */
export async function judgeAsset(api: ReleasesApi, remote: ReleaseAsset, expected: ExpectedAsset): Promise<AssetVerdict> {
  if (remote.state !== 'uploaded') return { kind: 'broken', why: `state "${remote.state}"` };
  if (remote.size !== expected.size) return { kind: 'different', why: `${remote.size} bytes, expected ${expected.size}` };
  const actual = digestHex(remote) ?? (await api.sha256Of(remote));
  if (actual === null) return { kind: 'broken', why: 'it cannot be downloaded' };
  return actual === expected.sha256 ? { kind: 'same' } : { kind: 'different', why: `sha256 ${actual.slice(0, 12)}…, expected ${expected.sha256.slice(0, 12)}…` };
}

/**
 * Every difference between a release's assets on GitHub and the expected ones:
 * missing, broken or different assets, and (unless `extras` is 'allowed') extra ones.
 * Empty when they are the same.
 */
export async function compareAssets(
  api: ReleasesApi,
  remote: readonly ReleaseAsset[],
  expected: readonly ExpectedAsset[],
  extras: 'refused' | 'allowed' = 'refused',
): Promise<string[]> {
  const problems: string[] = [];
  const wanted = new Set(expected.map((e) => e.name));
  const seen = new Set<string>();
  for (const r of remote) {
    if (!wanted.has(r.name)) {
      if (extras === 'refused') problems.push(`${r.name}: not part of this release`);
    } else if (seen.has(r.name)) problems.push(`${r.name}: listed twice`);
    seen.add(r.name);
  }
  for (const e of expected) {
    const r = remote.find((a) => a.name === e.name);
    if (!r) {
      problems.push(`${e.name}: missing`);
      continue;
    }
    const verdict = await judgeAsset(api, r, e);
    if (verdict.kind !== 'same') problems.push(`${e.name}: ${verdict.kind} (${verdict.why})`);
  }
  return problems;
}
