import { z } from 'zod';
import { EffectSchema, TargetSchema } from '../promises/schemas.ts';
import { VERSION_PATTERN } from '../release-format/versions.ts';
import { ContactSchema, SourceSchema, ID_PATTERN } from './seed.ts';

/** Name of the dataset, in every JSON asset and in file names. */
export const DATASET = 'shandong-commitments';
/** Version of the release asset formats; a change that breaks consumers bumps it (and the major version). */
export const FORMAT_VERSION = 1;

const VersionSchema = z.string().regex(VERSION_PATTERN);
const IdSchema = z.string().regex(new RegExp(ID_PATTERN));
const YearSchema = z.int().min(2000).max(2100);
const CityCodeSchema = z.string().regex(/^\d{6}$/);

/** One published commitment, as in commitments.json and (flattened) commitments.csv. */
export const CommitmentRecordSchema = z
  .object({
    id: IdSchema.describe('Stable opaque id, never reused.'),
    year: YearSchema,
    city: z.string().min(1).describe('City name, e.g. 济南市'),
    cityCode: CityCodeSchema.describe('GB/T 2260 code, e.g. 370100'),
    citySlug: z.string().min(1).describe('Pinyin slug, e.g. jinan'),
    seq: z.int().min(1).describe('序号 within the city and year'),
    text: z.string().min(1).describe('承诺事项'),
    deadline: z.string().min(1).describe('完成时间, as published'),
    due: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .describe('ISO date derived from the deadline phrase (12月底前 → YYYY-12-31), or null'),
    ongoing: z.boolean().describe('true for standing commitments (长期坚持)'),
    responsible: z.array(z.string().min(1)).min(1).describe('责任人'),
    targets: z
      .array(TargetSchema)
      .optional()
      .describe('指标: the quantitative targets in the text, extracted or given by the seed, in text order (absent in releases made before the field existed)'),
    basis: z
      .string()
      .min(1)
      .nullable()
      .optional()
      .describe('依据: the document the commitment or its latest change rests on, as the seed gives it; null when none (absent in releases made before the field existed)'),
  })
  .strict();

/** An id that was published once and has since been withdrawn: never reused. */
export const WithdrawnRecordSchema = z
  .object({
    id: IdSchema,
    year: YearSchema,
    city: z.string().min(1),
    cityCode: CityCodeSchema,
    withdrawnIn: VersionSchema.describe('The release that withdrew it.'),
  })
  .strict();

/** commitments.json */
export const CommitmentsFileSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    dataset: z.literal(DATASET),
    version: VersionSchema,
    records: z.array(CommitmentRecordSchema).describe('Sorted by year, cityCode, seq.'),
    withdrawn: z.array(WithdrawnRecordSchema).describe('Every id published before and withdrawn since, sorted by id.'),
  })
  .strict()
  .meta({ $id: 'commitments.schema.json', title: 'Shandong city commitments: commitments.json' });

/** One city in one year, as in cities.json. */
export const CityRecordSchema = z
  .object({
    year: YearSchema,
    name: z.string().min(1),
    code: CityCodeSchema,
    slug: z.string().min(1),
    complete: z.boolean().describe('false when the published list was cut off'),
    contact: ContactSchema.nullable(),
    commitments: z.int().min(0).describe('Number of commitments published for this city and year'),
    source: SourceSchema,
  })
  .strict();

/** cities.json */
export const CitiesFileSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    dataset: z.literal(DATASET),
    version: VersionSchema,
    cities: z.array(CityRecordSchema).describe('Sorted by year, code.'),
  })
  .strict()
  .meta({ $id: 'cities.schema.json', title: 'Shandong city commitments: cities.json' });

/** One step of a character diff: '=' kept, '-' deleted, '+' inserted. */
export const DiffOpSchema = z.tuple([z.enum(['=', '-', '+']), z.string()]);

/** How one field changed; `diff` for strings, `added`/`removed` for lists of names. */
export const FieldChangeSchema = z
  .object({
    before: z.unknown(),
    after: z.unknown(),
    diff: z.array(DiffOpSchema).optional(),
    added: z.array(z.string()).optional(),
    removed: z.array(z.string()).optional(),
  })
  .strict();

const FieldsSchema = z.record(z.string(), FieldChangeSchema);

const CommitShaSchema = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);

/** A commit that touched a change's seed file (git's first-parent line: a merged pull request is its merge commit). */
export const SeedCommitSchema = z
  .object({
    sha: CommitShaSchema,
    subject: z.string().describe('The commit message subject.'),
    date: z.string().describe('Committer date, ISO 8601 as git gives it.'),
    pr: z.int().min(1).nullable().describe('The pull request, from a squash subject "… (#123)" or a merge subject "Merge pull request #123"; null when neither.'),
  })
  .strict();

/** Why a release lists the commits behind its changes, or why it does not. */
export const HistoryStateSchema = z
  .enum(['complete', 'dirty', 'unavailable', 'no-previous-commit'])
  .describe(
    'complete: every change lists the commits that touched its seed file since the previous release; dirty: built from uncommitted seeds; unavailable: no git history (not a checkout, or the previous commit is missing from a shallow clone); no-previous-commit: the previous release recorded no commit. In all but complete, no commits are listed.',
  );

/** The commits a release was built from. */
export const ReleaseSourceSchema = z
  .object({
    commit: CommitShaSchema.nullable().describe('The commit the release was built from (null when the seeds were not committed or git was unavailable).'),
    previousCommit: CommitShaSchema.nullable().describe("The previous release's commit, as it recorded it."),
    history: HistoryStateSchema,
  })
  .strict();

/** The commits behind one change; absent in releases made before provenance was recorded. */
const CommitsSchema = z.array(SeedCommitSchema).optional();

export const ChangeSchema = z.union([
  z.object({ type: z.literal('added'), scope: z.literal('commitment'), id: IdSchema, after: CommitmentRecordSchema, commits: CommitsSchema }).strict(),
  z.object({ type: z.literal('removed'), scope: z.literal('commitment'), id: IdSchema, before: CommitmentRecordSchema, commits: CommitsSchema }).strict(),
  z
    .object({
      type: z.literal('modified'),
      scope: z.literal('commitment'),
      id: IdSchema,
      matchedBy: z.enum(['id', 'text', 'similarity']),
      fields: FieldsSchema,
      effects: z
        .array(EffectSchema)
        .optional()
        .describe('What the change did to the promise: targets lowered, raised, added, removed, comparators weakened or strengthened, the deadline moved (empty when the text and deadline did not change; absent in older releases).'),
      weakened: z.boolean().optional().describe('Whether any effect weakens the promise.'),
      commits: CommitsSchema,
    })
    .strict(),
  z.object({ type: z.literal('added'), scope: z.literal('city'), city: z.string(), year: YearSchema, after: CityRecordSchema, commits: CommitsSchema }).strict(),
  z.object({ type: z.literal('removed'), scope: z.literal('city'), city: z.string(), year: YearSchema, before: CityRecordSchema, commits: CommitsSchema }).strict(),
  z.object({ type: z.literal('modified'), scope: z.literal('city'), city: z.string(), year: YearSchema, fields: FieldsSchema, commits: CommitsSchema }).strict(),
]);

/** changes.json: the machine-readable diff from the previous release. */
export const ChangesFileSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    from: VersionSchema.nullable(),
    to: VersionSchema,
    bump: z.enum(['initial', 'major', 'minor', 'patch']),
    source: ReleaseSourceSchema.optional().describe('Absent in releases made before provenance was recorded.'),
    summary: z
      .object({
        added: z.int().min(0),
        removed: z.int().min(0),
        modified: z.int().min(0).describe('Modified commitments, renumbered ones included.'),
        renumbered: z.int().min(0).optional().describe('Of the modified, those whose only changed field is seq (since the release format added it; absent in older releases).'),
        weakened: z.int().min(0).optional().describe('Of the modified, those whose promise got weaker (see effects; absent in older releases).'),
      })
      .strict(),
    changes: z.array(ChangeSchema),
  })
  .strict()
  .meta({ $id: 'changes.schema.json', title: 'Shandong city commitments: changes.json' });

export type CommitmentRecord = z.infer<typeof CommitmentRecordSchema>;
export type WithdrawnRecord = z.infer<typeof WithdrawnRecordSchema>;
export type CommitmentsFile = z.infer<typeof CommitmentsFileSchema>;
export type CityRecord = z.infer<typeof CityRecordSchema>;
export type CitiesFile = z.infer<typeof CitiesFileSchema>;
export type DiffOp = z.infer<typeof DiffOpSchema>;
export type FieldChange = z.infer<typeof FieldChangeSchema>;
export type Change = z.infer<typeof ChangeSchema>;
export type SeedCommit = z.infer<typeof SeedCommitSchema>;
export type HistoryState = z.infer<typeof HistoryStateSchema>;
export type ReleaseSource = z.infer<typeof ReleaseSourceSchema>;
export type ChangesFile = z.infer<typeof ChangesFileSchema>;
export type Bump = ChangesFile['bump'];
