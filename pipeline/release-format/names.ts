/** File names of a release's assets (docs/data-contract.md, "Release assets"). */
export const ASSET = {
  commitmentsJson: 'commitments.json',
  commitmentsCsv: 'commitments.csv',
  commitmentsExcelCsv: 'commitments-excel.csv',
  commitmentsParquet: 'commitments.parquet',
  targetsCsv: 'targets.csv',
  citiesJson: 'cities.json',
  changesJson: 'changes.json',
  changelog: 'CHANGELOG.md',
  datapackage: 'datapackage.json',
  sums: 'SHA256SUMS',
} as const;

/** The release zip's name: `shandong-commitments-v<version>.zip`. */
export function zipNameOf(version: string): string {
  return `shandong-commitments-v${version}.zip`;
}

/** Every asset name of a release, in the order they are listed. */
export function assetNamesOf(version: string): string[] {
  return [
    ASSET.commitmentsJson,
    ASSET.commitmentsCsv,
    ASSET.commitmentsExcelCsv,
    ASSET.commitmentsParquet,
    ASSET.targetsCsv,
    ASSET.citiesJson,
    ASSET.changesJson,
    ASSET.changelog,
    ASSET.datapackage,
    ASSET.sums,
    zipNameOf(version),
  ];
}

/** A release's assets in listing order (assetNamesOf), unknown names last by name. */
export function compareAssetNames(version: string): (a: string, b: string) => number {
  const order = assetNamesOf(version);
  const rank = (name: string): number => {
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
