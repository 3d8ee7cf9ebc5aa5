import { IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsCountryCode, IsLanguageCode } from '../shared/codes';
import { says } from '../shared/validation';

export enum HsdsFormat {
  JSON = 'JSON',
  CSV_ZIP = 'CSV_ZIP',
}
registerEnumType(HsdsFormat, {
  name: 'HsdsFormat',
  valuesConfig: {
    JSON: { description: 'JSON text: { organizations, services, locations, service_at_locations, taxonomies, taxonomy_terms } (lists or pages), one HSDS object or page, or the tabular form { "services.csv": [rows] }' },
    CSV_ZIP: { description: 'The tabular data package: a zip of the HSDS CSV files (with or without datapackage.json), base64-encoded' },
  },
});

export enum HsdsRecordKind {
  ORGANIZATION = 'ORGANIZATION',
  LOCATION = 'LOCATION',
  SERVICE = 'SERVICE',
  SERVICE_AT_LOCATION = 'SERVICE_AT_LOCATION',
}
registerEnumType(HsdsRecordKind, { name: 'HsdsRecordKind', description: 'The HSDS object a record of an import report is' });

export enum HsdsOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  SKIPPED = 'SKIPPED',
  INVALID = 'INVALID',
}
registerEnumType(HsdsOutcome, {
  name: 'HsdsOutcome',
  valuesConfig: {
    CREATED: { description: 'A new directory entry (in a dry run: would be)' },
    UPDATED: { description: 'Fields that differed were written (see fields)' },
    UNCHANGED: { description: 'Every imported value was already so: nothing written' },
    SKIPPED: { description: 'Valid, but not imported (see notes: a missing organization, a confidential location, no category...)' },
    INVALID: { description: 'Against the HSDS 3.0 schemas or our codes (see problems, each with its JSON pointer): nothing of it imported' },
  },
});

export enum HsdsImportStatus {
  RUNNING = 'RUNNING',
  FINISHED = 'FINISHED',
}
registerEnumType(HsdsImportStatus, { name: 'HsdsImportStatus', description: 'RUNNING: under way, or interrupted (importing the same package again continues it)' });

@InputType()
export class ImportHsdsInput {
  @Field({ description: 'The package: JSON text (format JSON) or the base64 of the zip (CSV_ZIP). The request body is limited (BODY_LIMIT, 1 MB by default): import larger packages with npm run hsds:import' })
  content!: string;
  @Field(() => HsdsFormat) format!: HsdsFormat;
  @Field({ defaultValue: false, description: 'Report what would be created, updated and skipped; write nothing' }) dryRun!: boolean;
  @Field({ nullable: true, defaultValue: 'en', description: 'The language of the package\'s texts (ISO 639); texts in other languages are kept' })
  @IsOptional() @IsLanguageCode() language?: string;
  @Field(() => String, { nullable: true, description: 'Country (ISO 3166-1 alpha-2) of organizations whose locations give none' })
  @IsOptional() @IsCountryCode() defaultCountryCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Category of services none of whose taxonomy terms maps to a category; without it such a service is skipped' })
  @IsOptional() @MaxLength(100) defaultCategoryCode?: string | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone of the opening hours of services that give none (HSDS has no field; our export gives it as the TIMEZONE property); default: the service\'s, UTC for a new one' })
  @IsOptional() @MaxLength(64) @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, says('directory.timeZone')) timezone?: string | null;
}

@ObjectType({ description: 'A problem with one value of a record' })
export class HsdsProblem {
  @Field({ description: 'JSON pointer of the value in the record (as nested in the package), e.g. "/cost_options/0/currency"' }) pointer!: string;
  @Field() message!: string;
}

@ObjectType({ description: 'What an import did (or, in a dry run, would do) with one record of the package' })
export class HsdsImportRecord {
  @Field(() => Int, { description: 'Order of the record in the import' }) seq!: number;
  @Field(() => HsdsRecordKind) kind!: HsdsRecordKind;
  @Field(() => String, { nullable: true, description: 'Its id in the package' }) externalId!: string | null;
  @Field({ description: 'Where it is in the package: a JSON pointer, or "services.csv row 2"' }) source!: string;
  @Field(() => HsdsOutcome) outcome!: HsdsOutcome;
  @Field(() => ID, { nullable: true, description: 'The id of the agency, location or service here (of the service, for a service_at_location)' }) id!: string | null;
  @Field(() => [String], { description: 'The fields written, by the names of the directory\'s inputs' }) fields!: string[];
  @Field(() => [HsdsProblem], { description: 'Why it is INVALID' }) problems!: HsdsProblem[];
  @Field(() => [String], { description: 'Why it was skipped, and what was left out of it (e.g. a contact without phone or e-mail)' }) notes!: string[];
}

@ObjectType({ description: 'A taxonomy term of the package that maps to nothing: map it (setHsdsTermMapping) and import again' })
export class HsdsUnknownTerm {
  @Field() taxonomy!: string;
  @Field() code!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => Int, { description: 'Records that carry it' }) records!: number;
}

@ObjectType()
export class HsdsImportCounts {
  @Field(() => Int) total!: number;
  @Field(() => Int, { description: 'Records done so far (the progress of a running import)' }) done!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) skipped!: number;
  @Field(() => Int) invalid!: number;
}

@ObjectType({ description: 'An HSDS import run and its report' })
export class HsdsImport {
  @Field(() => ID, { nullable: true, description: 'Null for a dry run, which keeps nothing' }) id!: string | null;
  @Field() dryRun!: boolean;
  @Field(() => HsdsImportStatus) status!: HsdsImportStatus;
  @Field(() => HsdsFormat) format!: HsdsFormat;
  @Field(() => Int, { description: 'Times an interrupted run was continued' }) resumed!: number;
  @Field(() => HsdsImportCounts) counts!: HsdsImportCounts;
  @Field({ description: 'No record INVALID or SKIPPED and no unknown term' }) clean!: boolean;
  @Field(() => [HsdsUnknownTerm]) unknownTerms!: HsdsUnknownTerm[];
  @Field(() => [String], { description: 'What the package has that no record takes (a row whose parents are missing, a file not read), and categories or countries added' })
  warnings!: string[];
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  /** For a dry run, the records themselves (nothing is stored). */
  inMemory!: HsdsImportRecord[] | null;
}

@ObjectType({ description: 'A taxonomy term of another system and the category it stands for here' })
export class HsdsTermMapping {
  @Field() taxonomy!: string;
  @Field() termCode!: string;
  @Field(() => String, { nullable: true, description: 'Null: the term is ignored on purpose' }) categoryCode!: string | null;
  @Field() ignored!: boolean;
  @Field() updatedAt!: Date;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}
