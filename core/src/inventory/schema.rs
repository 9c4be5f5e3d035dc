//! The inventory schema, declared once: every column's name, unit, type,
//! requirement, bounds and meaning. The CSV reader, the Python (Arrow) and
//! JavaScript converters, the README table and the TypeScript types are all
//! derived from [`COLUMNS`]; nothing else lists the columns.

use crate::error::closest;
use crate::quantity::bounds::{
    MAX_LIFESPAN_YEARS, MAX_PER_DEVICE, MAX_QUANTITY, MIN_LIFESPAN_YEARS, YEARS,
};
use serde::Serialize;

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Text (names, codes).
    Text,
    /// A number (decimal comma accepted in `;` files).
    Number,
    /// A whole year.
    Year,
    /// A date, `YYYY-MM-DD` or `DD/MM/YYYY`.
    Date,
}

/// Whether a column must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Always required.
    Required,
    /// One of the columns that share this group name is required.
    OneOf(&'static str),
    /// May be absent (a default is used).
    Optional,
}

/// One column of the inventory format.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ColumnSpec {
    /// Name, with its unit as suffix for quantities.
    pub name: &'static str,
    /// Unit of the values (`""` for text and years).
    pub unit: &'static str,
    /// How cells are read.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// Whether it must be present.
    pub requirement: Requirement,
    /// Smallest accepted value (numbers and years).
    pub min: Option<f64>,
    /// Whether `min` itself is accepted.
    pub min_inclusive: bool,
    /// Largest accepted value (numbers and years).
    pub max: Option<f64>,
    /// What it means.
    pub description: &'static str,
}

const fn spec(
    name: &'static str,
    unit: &'static str,
    ty: ColumnType,
    requirement: Requirement,
    bounds: Option<(f64, bool, f64)>,
    description: &'static str,
) -> ColumnSpec {
    let (min, min_inclusive, max) = match bounds {
        Some((lo, inclusive, hi)) => (Some(lo), inclusive, Some(hi)),
        None => (None, true, None),
    };
    ColumnSpec {
        name,
        unit,
        ty,
        requirement,
        min,
        min_inclusive,
        max,
        description,
    }
}

const YEAR_BOUNDS: Option<(f64, bool, f64)> = Some((YEARS.0 as f64, true, YEARS.1 as f64));
const PER_DEVICE: Option<(f64, bool, f64)> = Some((0.0, true, MAX_PER_DEVICE));
const PURCHASE: Requirement = Requirement::OneOf("purchase");

use ColumnType::{Date, Number, Text, Year};
use Requirement::{Optional, Required};

/// Every column of the inventory format, in this order.
pub const COLUMNS: [ColumnSpec; 17] = [
    spec(
        "entity",
        "",
        Text,
        Required,
        None,
        "organisational unit the devices belong to (town hall, school...)",
    ),
    spec(
        "kind",
        "",
        Text,
        Required,
        None,
        "device kind (`laptop`, `monitor_22_24`...): the archetypes list them",
    ),
    spec(
        "quantity",
        "devices",
        Number,
        Required,
        Some((0.0, false, MAX_QUANTITY)),
        "number of identical devices (may be fractional for shares)",
    ),
    spec(
        "purchase_year",
        "",
        Year,
        PURCHASE,
        YEAR_BOUNDS,
        "year of purchase",
    ),
    spec(
        "purchase_date",
        "",
        Date,
        PURCHASE,
        None,
        "date of purchase, `YYYY-MM-DD` or `DD/MM/YYYY` (its year is used)",
    ),
    spec(
        "lifespan_years",
        "years",
        Number,
        Optional,
        Some((MIN_LIFESPAN_YEARS, true, MAX_LIFESPAN_YEARS)),
        "amortisation period; default per kind",
    ),
    spec(
        "country",
        "",
        Text,
        Optional,
        None,
        "ISO 3166-1 alpha-2 code (`BE`), `EU27` or `WORLD`; else the default country",
    ),
    spec(
        "annual_energy_kwh",
        "kWh/year",
        Number,
        Optional,
        PER_DEVICE,
        "electricity per device per year; default per kind",
    ),
    spec(
        "annual_energy_kwh_low",
        "kWh/year",
        Number,
        Optional,
        PER_DEVICE,
        "low bound of `annual_energy_kwh`",
    ),
    spec(
        "annual_energy_kwh_high",
        "kWh/year",
        Number,
        Optional,
        PER_DEVICE,
        "high bound of `annual_energy_kwh`",
    ),
    spec(
        "embodied_gwp_kgco2e",
        "kg CO2e",
        Number,
        Optional,
        PER_DEVICE,
        "embodied climate footprint per device, all phases but use; default per kind",
    ),
    spec(
        "embodied_gwp_kgco2e_low",
        "kg CO2e",
        Number,
        Optional,
        PER_DEVICE,
        "low bound of `embodied_gwp_kgco2e`",
    ),
    spec(
        "embodied_gwp_kgco2e_high",
        "kg CO2e",
        Number,
        Optional,
        PER_DEVICE,
        "high bound of `embodied_gwp_kgco2e`",
    ),
    spec(
        "disposal_year",
        "",
        Year,
        Optional,
        YEAR_BOUNDS,
        "year the devices left (not counted after it)",
    ),
    spec(
        "usage_profile",
        "",
        Text,
        Optional,
        None,
        "`office`, `school`, `display` or `always_on`: hours per mode times the kind's power, when `annual_energy_kwh` is not given",
    ),
    spec(
        "utilisation",
        "0-1",
        Number,
        Optional,
        Some((0.0, true, 1.0)),
        "average utilisation of a server, 0-1; energy = 8,760 h × (idle + u × (max − idle)) / 1000 kWh per device per year from the kind's idle and full-load power (W); kinds with a load model only",
    ),
    spec(
        "capacity_tb",
        "TB",
        Number,
        Optional,
        Some((0.0, false, 1.0e6)),
        "capacity of a storage device, TB: embodied = the kind's footprint per TB × this capacity, when `embodied_gwp_kgco2e` is not given; kinds with a per-capacity footprint only (`storage_hdd`, `storage_ssd`)",
    ),
];

/// The position of a column in [`COLUMNS`], at compile time
/// (`usize::MAX` for a name that is not a column, which fails to index).
#[must_use]
#[allow(clippy::indexing_slicing)] // const fn: loop bounds checked just above each index
pub const fn slot(name: &str) -> usize {
    let mut i = 0;
    while i < COLUMNS.len() {
        let (a, b) = (COLUMNS[i].name.as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    usize::MAX
}

/// Headers in French and Dutch, as a spreadsheet exported by a French- or
/// Dutch-speaking administration names them, read as the column they mean
/// (lower case, `’` written `'`). Quantities only with their unit in the
/// header, as the format's own names.
pub const COLUMN_SYNONYMS: &[(&str, &str)] = &[
    ("entité", "entity"),
    ("entite", "entity"),
    ("entiteit", "entity"),
    ("type", "kind"),
    ("type d'appareil", "kind"),
    ("type d'équipement", "kind"),
    ("type d'equipement", "kind"),
    ("soort", "kind"),
    ("type toestel", "kind"),
    ("quantité", "quantity"),
    ("quantite", "quantity"),
    ("nombre", "quantity"),
    ("aantal", "quantity"),
    ("hoeveelheid", "quantity"),
    ("année d'achat", "purchase_year"),
    ("annee d'achat", "purchase_year"),
    ("aankoopjaar", "purchase_year"),
    ("jaar van aankoop", "purchase_year"),
    ("date d'achat", "purchase_date"),
    ("aankoopdatum", "purchase_date"),
    ("durée de vie (ans)", "lifespan_years"),
    ("durée de vie (années)", "lifespan_years"),
    ("levensduur (jaren)", "lifespan_years"),
    ("pays", "country"),
    ("land", "country"),
    ("consommation annuelle (kwh)", "annual_energy_kwh"),
    ("jaarverbruik (kwh)", "annual_energy_kwh"),
    ("année de sortie", "disposal_year"),
    ("annee de sortie", "disposal_year"),
    ("jaar van afvoer", "disposal_year"),
];

/// What a header (a CSV column, a DataFrame column, a JavaScript key) is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnMatch {
    /// A column of the format, at this slot of [`COLUMNS`].
    Known(usize),
    /// A near miss of a known column (often a unit typo such as
    /// `annual_energy_wh`): an error, with the column it looks like.
    Typo(&'static str),
    /// Something else: ignored, and said in the notes.
    Ignored,
}

/// Classifies a header name (trimmed, case-insensitive), the same way on
/// every surface.
#[must_use]
pub fn classify(name: &str) -> ColumnMatch {
    let lower = name.trim().to_lowercase().replace('\u{2019}', "'");
    if let Some(i) = COLUMNS.iter().position(|c| c.name == lower) {
        return ColumnMatch::Known(i);
    }
    if let Some(i) = COLUMN_SYNONYMS
        .iter()
        .find(|(synonym, _)| *synonym == lower)
        .and_then(|(_, column)| COLUMNS.iter().position(|c| c.name == *column))
    {
        return ColumnMatch::Known(i);
    }
    match closest(&lower, COLUMNS.iter().map(|c| c.name)) {
        Some(s) => COLUMNS
            .iter()
            .find(|c| c.name == s)
            .map_or(ColumnMatch::Ignored, |c| ColumnMatch::Typo(c.name)),
        None => ColumnMatch::Ignored,
    }
}

/// The known column closest to an unknown name, when it looks like a typo
/// of it (`annual_energy_wh` gives `annual_energy_kwh`).
#[must_use]
pub fn suggest_column(name: &str) -> Option<String> {
    match classify(name) {
        ColumnMatch::Typo(s) => Some(s.into()),
        _ => None,
    }
}

/// The note for a column that was ignored (the same words on every surface).
#[must_use]
pub fn ignored_column_note(source: &str, column: &str) -> crate::note::Note {
    crate::note::Note {
        code: "ignored_column",
        message: format!(
            "{source}: column `{column}` is not part of the inventory format and was ignored"
        ),
    }
}

fn requirement_words(r: Requirement) -> String {
    match r {
        Requirement::Required => "yes".into(),
        Requirement::OneOf(group) => {
            let names: Vec<String> = COLUMNS
                .iter()
                .filter(|c| c.requirement == Requirement::OneOf(group))
                .map(|c| format!("`{}`", c.name))
                .collect();
            format!("one of {}", names.join(", "))
        }
        Requirement::Optional => "no".into(),
    }
}

/// The schema as a Markdown table (the README's inventory table is this text).
#[must_use]
pub fn markdown_table() -> String {
    let mut out = String::from("| column | unit | required | meaning |\n|---|---|---|---|\n");
    for c in &COLUMNS {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.name,
            if c.unit.is_empty() { "" } else { c.unit },
            requirement_words(c.requirement),
            c.description
        ));
    }
    out
}

/// The TypeScript type of one inventory record (the npm package's
/// `InventoryRecord` is this text).
#[must_use]
pub fn typescript_record() -> String {
    let mut out = String::from(
        "/** One inventory row; generated from the core schema (units in the names). */\nexport interface InventoryRecord {\n",
    );
    for c in &COLUMNS {
        let ty = match c.ty {
            ColumnType::Text | ColumnType::Date => "string",
            ColumnType::Number | ColumnType::Year => "number",
        };
        // A required column is never null; the others may be absent or null.
        let (optional, null) = if c.requirement == Requirement::Required {
            ("", "")
        } else {
            ("?", " | null")
        };
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.unit)
        };
        out.push_str(&format!(
            "  /** {}{unit} */\n  {}{optional}: {ty}{null};\n",
            c.description, c.name
        ));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_and_classification() {
        assert_eq!(slot("entity"), 0);
        assert_eq!(COLUMNS[slot("disposal_year")].name, "disposal_year");
        assert_eq!(classify(" Quantity "), ColumnMatch::Known(slot("quantity")));
        assert_eq!(
            classify("annual_energy_wh"),
            ColumnMatch::Typo("annual_energy_kwh")
        );
        assert_eq!(classify("comment"), ColumnMatch::Ignored);
        assert_eq!(slot("nope"), usize::MAX);
    }

    #[test]
    fn french_and_dutch_headers_are_their_columns() {
        for (header, column) in [
            ("Entité", "entity"),
            ("type", "kind"),
            ("Quantité", "quantity"),
            ("Année d’achat", "purchase_year"),
            ("année d'achat", "purchase_year"),
            ("Entiteit", "entity"),
            ("Soort", "kind"),
            ("Aantal", "quantity"),
            ("Aankoopjaar", "purchase_year"),
        ] {
            assert_eq!(
                classify(header),
                ColumnMatch::Known(slot(column)),
                "{header}"
            );
        }
        for (synonym, column) in COLUMN_SYNONYMS {
            assert_ne!(slot(column), usize::MAX, "{synonym}: {column} is a column");
            assert_eq!(*synonym, synonym.to_lowercase(), "{synonym} is lower case");
        }
    }

    #[test]
    fn derived_texts_name_every_column() {
        let md = markdown_table();
        let ts = typescript_record();
        for c in &COLUMNS {
            assert!(md.contains(&format!("`{}`", c.name)));
            assert!(ts.contains(&format!("  {}", c.name)));
        }
        assert!(md.contains("one of `purchase_year`, `purchase_date`"));
    }
}
