//! TypeScript declarations of the plain objects the functions take and return.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One inventory row; keys are the CSV column names (units in the names). Numbers may also be given as strings ("1.5"). */
export interface InventoryRecord {
  entity: string;
  kind: string;
  quantity: number | string;
  purchase_year?: number | string | null;
  /** YYYY-MM-DD or DD/MM/YYYY; used when purchase_year is absent. */
  purchase_date?: string | null;
  lifespan_years?: number | string | null;
  /** ISO 3166-1 alpha-2 code, EU27 or WORLD; the default country when absent. */
  country?: string | null;
  annual_energy_kwh?: number | string | null;
  annual_energy_kwh_low?: number | string | null;
  annual_energy_kwh_high?: number | string | null;
  embodied_gwp_kgco2e?: number | string | null;
  embodied_gwp_kgco2e_low?: number | string | null;
  embodied_gwp_kgco2e_high?: number | string | null;
  disposal_year?: number | string | null;
}

/** How to read an inventory. */
export interface InputOptions {
  /** Default country of rows without one. */
  country?: string | null;
  /** Name of the input in error messages (default "inventory"). */
  name?: string;
}

/** What to assess. */
export interface AssessOptions extends InputOptions {
  /** Reporting year. */
  year: number;
  /** "amortised" (default) or "acquisition". */
  mode?: "amortised" | "acquisition" | string;
  /** Comma-separated grouping keys among entity, kind, phase; "none" (default) for the whole fleet. */
  by?: string;
}

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
  /** The sources as CSV (item, dataset, reference, licence). */
  sources_csv: string;
}

/** A central value with its low/high interval. */
export interface Estimate { central: number; low: number; high: number; }

/** Effect of keeping every device longer, per kind (kg CO2e per year, steady state). */
export interface Extension {
  extra_years: number;
  rows: Row[];
  total_saving_gwp_kgco2e_per_year: Estimate;
  csv: string;
}

/** One device; unset values use the archetype's defaults. */
export interface DeviceSpec {
  kind: string;
  country: string;
  year: number;
  lifespan_years?: number | null;
  annual_energy_kwh?: number | null;
  embodied_gwp_kgco2e?: number | null;
}

/** Whole-life footprint of one device: a one-row table and the sources used. */
export interface DeviceFootprint { row: Row; sources: Source[]; }

/** Grid intensity used for a country and year. */
export interface GridIntensity { country: string; requested_year: number; data_year: number; intensity_gco2e_per_kwh: number; }

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
  /** Whether the caller's input is at fault (not the embedded data). */
  inputError: boolean;
}
"#;
