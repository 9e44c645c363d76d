/** File names of a release's assets (contract: DESIGN.md, "Release assets"). */
export const ASSET = {
  commitmentsJson: 'commitments.json',
  commitmentsCsv: 'commitments.csv',
  commitmentsExcelCsv: 'commitments-excel.csv',
  commitmentsParquet: 'commitments.parquet',
  citiesJson: 'cities.json',
  changesJson: 'changes.json',
  changelog: 'CHANGELOG.md',
  datapackage: 'datapackage.json',
  sums: 'SHA256SUMS',
} as const;

export function tagOf(version: string): string {
  return `v${version}`;
}

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
    ASSET.citiesJson,
    ASSET.changesJson,
    ASSET.changelog,
    ASSET.datapackage,
    ASSET.sums,
    zipNameOf(version),
  ];
}

export type { Asset } from './asset.ts';
