/**
 * Release versions: MAJOR.MINOR.PATCH without pre-release or build parts, tagged `v<version>`
 * (docs/data-contract.md, "Versions"). The one place that knows their shape: schemas, stores,
 * the CLI and the site all ask here.
 */

/** The text of a version, as a regular expression source (also used by the JSON Schemas). */
export const VERSION_SOURCE = '(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)';
const TAG = new RegExp(`^v${VERSION_SOURCE}$`);

/** A version as published: no leading zeros, no `v`. */
export const VERSION_PATTERN = new RegExp(`^${VERSION_SOURCE}$`);

export type VersionParts = readonly [major: number, minor: number, patch: number];

/** Whether a string is a release version (1.2.3). */
export function isVersion(text: string): boolean {
  return VERSION_PATTERN.test(text);
}

/** Parses MAJOR.MINOR.PATCH; throws on anything else. */
export function parseVersion(version: string): VersionParts {
  const m = VERSION_PATTERN.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Orders versions numerically (1.2.10 after 1.2.9). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The tag of a version: `v1.2.3`. */
export function tagOf(version: string): string {
  return `v${version}`;
}

/** The version a tag or folder name `v1.2.3` names, or null. */
export function versionOfTag(tag: string): string | null {
  const m = TAG.exec(tag);
  return m ? tag.slice(1) : null;
}

/**
 * A version as a person may type it (`v1.2.3` or `1.2.3`), or null when it is not one.
 * The CLI's --from/--to and the site's compare links accept both.
 */
export function readVersionInput(text: string): string | null {
  const bare = text.trim().replace(/^[vV]/, '');
  return isVersion(bare) ? bare : null;
}

/** The next version for a bump kind. */
export function bumpVersion(previous: string, bump: 'major' | 'minor' | 'patch'): string {
  const [major, minor, patch] = parseVersion(previous);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
