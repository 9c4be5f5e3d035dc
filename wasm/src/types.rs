//! TypeScript declarations of the plain objects the functions take and return.
//!
//! `InventoryRecord` is not here: the core generates it from its schema
//! (`empreinte::inventory::schema::typescript_record`, exported as
//! `inventoryRecordType()`), and `build.sh` appends it to the package's
//! `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A factor table: CSV text (criterion,unit,kind,phase,value,low,high,source), optionally named for messages and sources; or an archetype table (a header with kind, label, lifespan_years, embodied_gwp_kgco2e) adding or replacing device kinds. */
export type FactorTable = string | { name?: string; csv: string };

/** Factor tables adding criteria or better values for the defaults, or archetype tables adding or replacing kinds, applied in order (a later table wins). */
export interface FactorOptions {
  factors?: FactorTable | FactorTable[] | null;
}

/** How to read an inventory. */
export interface InputOptions extends FactorOptions {
  /** Default country of rows without one. */
  country?: string | null;
  /** Name of the input in error messages (default "inventory"). */
  name?: string;
  /** How CSV bytes (Uint8Array, ArrayBuffer) are decoded: "auto" (default: UTF-8, else Windows-1252 per cell, said in the notes with code "encoding"), "utf-8" (invalid bytes are an error) or "windows-1252". Text is already decoded: only "auto" or "utf-8" apply to it. */
  encoding?: "auto" | "utf-8" | "windows-1252" | string;
}

/** What to assess. */
export interface AssessOptions extends InputOptions {
  /** Reporting year. */
  year: number;
  /** "amortised" (default) or "acquisition". */
  mode?: "amortised" | "acquisition" | string;
  /** Comma-separated grouping keys among entity, kind, phase, or "none" for the whole fleet; default "entity". */
  by?: string;
  /** Also show criteria no factor table gives (as missing columns), as the command's --all-criteria; default false. */
  all_criteria?: boolean;
}

/** The run of every Monte Carlo function (`monteCarlo`, `compareMonteCarlo`, `datacentreMonteCarlo`, `ghgMonteCarlo`). */
export interface MonteCarloRun {
  /** Number of samples (100 to 1,000,000); default 10,000. */
  samples?: number;
  /** Seed (a whole number up to 2^53); the same seed gives the same numbers in the command and Python. Default 1. */
  seed?: number;
  /** Distribution fitted to every low/central/high: "triangular" (default), "pert", "uniform", "lognormal". */
  distribution?: "triangular" | "pert" | "uniform" | "lognormal" | string;
}

/** Options of `monteCarlo`: those of `assess`, plus the run's. */
export interface MonteCarloOptions extends AssessOptions, MonteCarloRun {}

/** One input's share of the variance of the total. */
export interface Driver { input: string; key: string; variance_share: number; method: "linear" | "sobol_first_order"; }

/** The result of `monteCarlo`: rows and total with every measure's _mean, _p5, _p50 and _p95. */
export interface MonteCarloReport {
  uncertainty: "monte_carlo";
  options: { year: number; mode: string; by: Record<string, boolean> };
  monte_carlo: { samples: number; seed: number; shape: string };
  rows: Row[];
  total: Row[];
  drivers: Driver[];
  drivers_sentence: string | null;
  notes: { code: string; message: string }[];
  sources: Source[];
  datasets: Dataset[];
  /** The command's CSV of the rows. */
  csv: string;
  /** The total climate footprint of every sample, kg CO2e, in draw order. */
  samples: number[];
}

/** Options of `compareMonteCarlo` (planning module): those of `compare`, plus the run's. */
export interface CompareMonteCarloOptions extends InputOptions, MonteCarloRun {}

/** The result of `compareMonteCarlo`: one row per policy with `cumulative_kgco2e_{mean,p5,p50,p95}`, `difference_kgco2e_{...}` (null for the first) and `probability_below_first`. */
export interface ComparisonMonteCarloReport {
  uncertainty: "monte_carlo";
  monte_carlo: { samples: number; seed: number; shape: string };
  rows: Row[];
  /** What drives each difference, with its `scenario`. */
  drivers: (Driver & { scenario: string })[];
  /** One per policy after the first: "B instead of A saves ... kg CO2e (P5-P95 ...) with probability 0.97". */
  sentences: string[];
  notes: { code: string; message: string }[];
  sources: Source[];
  datasets: Dataset[];
}

/** What `datacentreMonteCarlo` and `ghgMonteCarlo` return: the command's JSON (`--uncertainty monte-carlo --format json`) plus `csv` and `samples`. */
export interface ScopesMonteCarloReport {
  uncertainty: "monte_carlo";
  monte_carlo: { samples: number; seed: number; shape: string };
  year: number;
  total: Row[];
  drivers: Driver[];
  drivers_sentence: string | null;
  notes: { code: string; message: string }[];
  sources: Source[];
  datasets: Dataset[];
  /** The command's CSV of `total`. */
  csv: string;
  /** The location-based total of every sample, kg CO2e, in draw order. */
  samples: number[];
}

/** Options of `datacentreMonteCarlo` (planning module): those of `datacentre`, plus the run's. */
export interface DatacentreMonteCarloOptions extends DatacentreOptions, MonteCarloRun {}

/** The result of `datacentreMonteCarlo`: `total` has one row per scope 2 method (`scope2_method`) with `scope1_kgco2e`, `scope2_kgco2e`, `scope3_kgco2e` and `total_kgco2e` as `_mean`, `_p5`, `_p50`, `_p95`. */
export interface DatacentreMonteCarloReport extends ScopesMonteCarloReport {
  name: string;
  zone: string;
}

/** Options of `ghgMonteCarlo` (planning module): those of `ghg`, plus the run's. */
export interface GhgMonteCarloOptions extends GhgOptions, MonteCarloRun {}

/** The result of `ghgMonteCarlo`: `total` has one row per scope 2 method (`scope2_method`) with `scope1_kgco2e`, `scope2_kgco2e`, `scope3_kgco2e`, `total_kgco2e` and `management_kgco2e` (the management view, NOT GHG Protocol) as `_mean`, `_p5`, `_p50`, `_p95`. */
export interface GhgMonteCarloReport extends ScopesMonteCarloReport {}

/** One row of a results table: column name (unit as suffix) to value; null = missing, never 0. */
export type Row = Record<string, string | number | null>;

/** Where a default value came from. */
export interface Source { item: string; dataset: string; reference: string; licence: string; }

/** A dataset edition embedded in the package. */
export interface Dataset { id: string; edition: string; title: string; publisher: string; url: string; licence: string; attribution: string; sha256: string; }

/** An impact criterion; its unit is the suffix of its result columns. */
export interface Criterion { id: string; unit: string; name: string; }

/** Something a reader of the results must know (a fallback, a gap). */
export interface Note { code: string; message: string; }

/** The results of an assessment. */
export interface Report {
  year: number;
  mode: "amortised" | "acquisition";
  by: string;
  criteria: Criterion[];
  /** One row per group, the columns of the command's CSV output. */
  rows: Row[];
  /** The whole fleet (one row, or one per phase when grouped by phase). */
  total: Row[];
  notes: Note[];
  sources: Source[];
  datasets: Dataset[];
  /** The rows as CSV, exactly as the command writes them. */
  csv: string;
  /** The same rows for Excel in French or Dutch: `;`, decimal comma, starts with U+FEFF (the byte order mark). */
  csv_excel: string;
  /** The sources as CSV (item, dataset, reference, licence). */
  sources_csv: string;
  /** The sources for Excel in French or Dutch (as `csv_excel`). */
  sources_csv_excel: string;
}

/** A central value with its low/high interval. */
export interface Estimate { central: number; low: number; high: number; }

/** Effect of keeping every device longer, per kind (kg CO2e per year, steady state). */
export interface Extension {
  extra_years: number;
  rows: Row[];
  total_saving_gwp_kgco2e_per_year: Estimate;
  /** Ignored columns or keys of the inventory, the encoding read. */
  notes: Note[];
  csv: string;
  /** For Excel in French or Dutch: `;`, decimal comma, starts with U+FEFF. */
  csv_excel: string;
}

/** One device; unset values use the archetype's (or a factor table's) defaults. */
export interface DeviceSpec {
  kind: string;
  country: string;
  /** Reporting year: its grid intensity applies, and the in_year columns are what it books. */
  year: number;
  /** Default: the reporting year. */
  purchase_year?: number | null;
  disposal_year?: number | null;
  /** "amortised" (default) or "acquisition", for the in_year columns. */
  mode?: "amortised" | "acquisition" | string;
  lifespan_years?: number | null;
  annual_energy_kwh?: number | null;
  embodied_gwp_kgco2e?: number | null;
}

/** Footprint of one device: a one-row table (whole life per phase, per year, in the reporting year), whether it is in service that year, and the sources used. */
export interface DeviceFootprint { row: Row; in_service: boolean; sources: Source[]; }

/** Grid intensity used for a zone and year (the names of the Python package). */
export interface GridIntensity { zone: string; year: number; data_year: number; gco2e_per_kwh: number; }

/** One column of the inventory format (the core schema). */
export interface ColumnSpec {
  name: string;
  unit: string;
  type: "text" | "number" | "year" | "date";
  requirement: "required" | "optional" | { one_of: string };
  min: number | null;
  min_inclusive: boolean;
  max: number | null;
  description: string;
}

/** A country or zone with grid data. */
export interface Zone { code: string; name: string; first_year: number; last_year: number; }

/** Defaults of one device kind. */
export type Archetype = Row;

/** What every function of this package throws (name "EmpreinteError"). */
export interface EmpreinteError extends Error {
  name: "EmpreinteError";
  /** Stable identifier, one of errorCodes(). */
  code: string;
  /** Name of the input, when the problem has a place. */
  source: string | null;
  /** 1-based line of a CSV text (the header is line 1). */
  line: number | null;
  /** 0-based index in an array of records. */
  row: number | null;
  /** Column or field name. */
  column: string | null;
  /** The known name the input looks like (unknown column, kind or country), else null. */
  suggestion: string | null;
  /** Whether the caller's input is at fault (not the embedded data). */
  inputError: boolean;
}
"#;

/// The data-centre and policy types, only in the `planning` module.
#[cfg(feature = "planning")]
#[wasm_bindgen(typescript_custom_section)]
const PLANNING_TYPES: &'static str = r#"
/** A section of a report: its rows keyed by its dimensions (scope-2 method, tenant, scenario, year...), measures with units and GHG scopes. */
export interface Section {
  name: string;
  /** "inventory", "total", "kpi" or "memo" (memo items are never added to any total). */
  kind: string;
  dimensions: string[];
  attributes: string[];
  measures: { name: string; unit: string; criterion: string | null; phase: string | null; scope: unknown; interval: boolean; count: boolean }[];
  rows: Row[];
  /** The section's table as CSV, as the command writes it (simulate, compare, datacentre). */
  csv?: string;
  /** The same table for Excel in French or Dutch: `;`, decimal comma, starts with U+FEFF (the byte order mark). */
  csv_excel?: string;
}

/** A report as its sections (the command's `--format json`). */
export interface SectionsReport {
  year: number;
  mode: string;
  sections: Section[];
  notes: Note[];
  sources: Source[];
  datasets: Dataset[];
}

/** Annual totals of a data centre (a quantity not given is not metered). */
export interface AnnualReadings {
  year: number;
  it_kwh: number;
  facility_kwh: number;
  cooling_kwh?: number | null;
  onsite_renewable_kwh?: number | null;
  reused_heat_kwh?: number | null;
  water_m3?: number | null;
  diesel_l?: number | null;
  free_cooling_h?: number | null;
}

/** A data centre's facility (the fields of a facility file). */
export interface FacilitySpec {
  name?: string | null;
  /** Grid zone: ISO 3166-1 alpha-2 (BE), EU27 or WORLD. */
  zone: string;
  it_capacity_kw?: number | null;
  building_embodied_kgco2e_per_kw_it?: number | null;
  building_lifespan_years?: number | null;
  building_first_year?: number | null;
  diesel_kgco2e_per_l?: number | null;
  refrigerants?: { gas: string; charge_kg?: number | null; topped_up_kg?: number | null }[];
}

/** A tenant: sub-metered IT energy and/or capacity share (0-1). */
export interface TenantSpec { tenant: string; it_kwh?: number | null; capacity_share?: number | null; }

type CsvInput = string | Uint8Array | ArrayBuffer;

/** What a data-centre assessment reads: objects, or the command's CSV files as text or bytes. */
export interface DatacentreInputs {
  readings: AnnualReadings | CsvInput;
  facility: FacilitySpec | CsvInput;
  /** Instruments CSV: instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,covers (go, ppa, supplier, residual_mix). */
  instruments?: CsvInput | null;
  tenants?: TenantSpec[] | CsvInput | null;
  /** IT equipment: an inventory as in assess(). */
  equipment?: CsvInput | InventoryRecord[] | null;
  /** Hourly grid series CSV (datetime_utc, intensity_gco2e_per_kwh): none is embedded in this package. */
  hourly?: CsvInput | null;
}

/** What a GHG inventory reads: the command's CSV files, as text or bytes (at least one: this package embeds no illustrative organisation; its files are in the repository's datasets/examples/). */
export interface GhgInputs {
  /** The device fleet: an inventory CSV (the assess format). */
  inventory?: CsvInput | null;
  /** The organisation's instruments for the fleet's electricity (the data centre's instruments format). */
  fleet_instruments?: CsvInput | null;
  /** Your own grid factors: zone,year,intensity_gco2e_per_kwh,basis,source (an empty basis is direct). */
  grid_factors?: CsvInput | null;
  readings?: CsvInput | null;
  facility?: CsvInput | null;
  instruments?: CsvInput | null;
  tenants?: CsvInput | null;
  equipment?: CsvInput | null;
  hourly?: CsvInput | null;
}

export interface GhgOptions extends FactorOptions {
  /** Reporting year (default: the data centre's readings' year; required without one). */
  year?: number;
  /** Country of inventory rows without one. */
  country?: string;
  allocation?: "energy" | "share" | "mix" | string;
  time_zone?: string;
  interval_minutes?: number | null;
  fill_gaps?: "error" | "previous" | string;
  encoding?: "auto" | "utf-8" | "windows-1252" | string;
}

export interface DatacentreOptions extends FactorOptions {
  /** Capital goods "amortised" (default: the management view, NOT GHG Protocol scope 3) or booked in their "acquisition" year (scope 3 cat. 2). */
  mode?: "amortised" | "acquisition";
  /** "energy" (default), "share" or "mix". */
  allocation?: "energy" | "share" | "mix" | string;
  /** Time zone of readings written without an offset: UTC (default), +01:00, Europe/Brussels. */
  time_zone?: string;
  interval_minutes?: number | null;
  /** "error" (default) or "previous". */
  fill_gaps?: "error" | "previous" | string;
  encoding?: "auto" | "utf-8" | "windows-1252" | string;
  /** Name of the readings in error messages (default "readings"). */
  name?: string;
}

/** A fleet policy: the keys of a policy file (percentages in percent, lifespans in years, maps keyed by device kind). */
export interface PolicySpec {
  name?: string;
  description?: string;
  start_year?: number;
  end_year?: number;
  mode?: "amortised" | "acquisition";
  lifespan_years?: Record<string, number>;
  amortisation_years?: Record<string, number>;
  replacement_mix?: Record<string, Record<string, number>>;
  growth_pct_per_year?: number;
  refurbished_pct?: number;
  refurbished_embodied_pct?: number;
  donated_pct?: number;
  second_life_years?: number;
  refurbishment_kgco2e?: number;
  donation_rule?: "cut_off" | "service_years";
  substitution_pct?: number;
  efficiency_gain_pct_per_year?: number;
  replacement_efficiency_gain_pct?: number;
  grid_decline_pct_per_year?: number;
  trajectory_base_year?: number | null;
  trajectory_pct_per_year?: number;
}

/** A simulation, comparison or tender as its sections. */
export interface PolicyReport extends SectionsReport {
  /** simulate(): the first year at or below the reduction trajectory, null if none. */
  crossing_year?: number | null;
  /** tender(): the scoring formula. */
  formula?: string;
}

export interface TenderOptions {
  /** Weight of the responsible-digital criterion, percent (default 10). */
  weight_pct?: number;
  /** Country of use (grid intensity; default BE). */
  country?: string;
  /** Year of the grid intensity (default: core's, the last year the grid data publishes for the country). */
  year?: number;
  /** Name of the bids in error messages. */
  name?: string;
}

/** An embedded ILLUSTRATIVE reference scenario (not real data). */
export interface ReferenceScenario { id: string; policy: PolicySpec; inventory_name: string; inventory_csv: string; }
"#;

/// The SCI types, only in the `sci` module.
#[cfg(feature = "sci")]
#[wasm_bindgen(typescript_custom_section)]
const SCI_TYPES: &'static str = r#"
/** A measured run for `sci`: times in seconds; `zone` and `machine` default to core's (WORLD, ci_runner_vm). */
export interface SciSpec {
  wall_time_s: number; cpu_time_s: number; vcpus: number; year: number;
  zone?: string; machine?: string; memory_gb?: number | null; rapl_energy_kwh?: number | null;
  embodied_kgco2e?: number | null; lifespan_years?: number | null; host_vcpus?: number | null;
}

/** A benchmark of the run: R is the iterations of the benchmarks reported. */
export interface SciBenchmark {
  id: string; iterations: number; measured_time_s: number;
  elements_per_iteration?: number | null; noise_rel?: number | null; source?: string;
}

/** The functional unit R: `per` operations, or benchmark iterations (those whose id contains `bench_filter`), or one run. */
export interface SciOptions { per?: number | null; benchmarks?: SciBenchmark[] | null; bench_filter?: string | null; }

/** The SCI of a run (g CO2e per functional unit) with every term, its method, notes and sources, as `empreinte sci --format json`. */
export interface SciResult {
  specification: string; sci_gco2e_per_unit: number; sci_gco2e_per_unit_low: number; sci_gco2e_per_unit_high: number;
  functional_unit: string; r: number; total_gco2e: number; operational_gco2e: number; energy_kwh: number;
  energy_method: string; intensity_gco2e_per_kwh: number; intensity_year: number; embodied_gco2e: number;
  noise_rel: number | null; benchmarks: { id: string; sci_gco2e_per_iteration: number; [field: string]: unknown }[];
  notes: { code: string; message: string }[];
  sources: { item: string; dataset: string; reference: string; licence: string }[];
  [term: string]: unknown;
}
"#;
