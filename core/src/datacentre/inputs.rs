//! The descriptive inputs of a data centre: facility (zone, IT capacity,
//! refrigerants, building), energy instruments (guarantees of origin, PPAs,
//! supplier factors, residual mix) and tenants; each a plain struct that
//! bindings fill, or read from a small CSV with the inventories' rules.

use super::csvin::{self, Spec};
use super::UNALLOCATED;
use crate::error::{Error, Location, Result};
use crate::grid::hourly::{days_from_civil, parse_timestamp, Timestamp};
use crate::note::Note;
use crate::text::TextEncoding;
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// One refrigerant circuit (or the sum of those of one gas).
#[derive(Debug, Clone, PartialEq)]
pub struct Refrigerant {
    /// Gas name as written (`R-134a`, `R-410A`, `R-1234ze(E)`, `R-744`).
    pub gas: String,
    /// Charge, kg.
    pub charge_kg: f64,
    /// Mass topped up in the reporting year (taken as the mass leaked), kg.
    pub topped_up_kg: f64,
    /// Where it was given (for errors on an unknown gas).
    pub at: Location,
}

/// The building and its mechanical and electrical plant (M&E).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Building {
    /// Whole-life embodied footprint per kW of IT capacity, kg CO2e/kW.
    /// No open source gives a default: the user supplies it.
    pub embodied_kgco2e_per_kw_it: f64,
    /// Lifespan over which it is amortised, years.
    pub lifespan_years: f64,
    /// First year of service.
    pub first_year: i32,
}

/// The facility description.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facility {
    /// Name shown in reports.
    pub name: String,
    /// Grid zone (ISO 3166-1 alpha-2, `EU27`, `WORLD`).
    pub zone: String,
    /// Installed IT capacity, kW.
    pub it_capacity_kw: Option<f64>,
    /// Refrigerants.
    pub refrigerants: Vec<Refrigerant>,
    /// Building and M&E embodied footprint, when known.
    pub building: Option<Building>,
    /// Diesel emission factor, kg CO2e per litre (default: the embedded
    /// data-centre factors, derived from the IPCC 2006 Guidelines).
    pub diesel_kgco2e_per_l: Option<f64>,
    /// Whether the guarantees of origin of the on-site renewable energy
    /// were retired by the site (`None`: taken as retired, noted). When
    /// sold, the on-site energy is not renewable in REF (EN 50600-4-3) and
    /// counts at the residual mix in market-based scope 2 (Scope 2
    /// Guidance: the attributes went with the certificates).
    pub onsite_certificates_retired: Option<bool>,
    /// Notes of the reading of its file (ignored columns, a Windows-1252
    /// decoding), shown with the results.
    pub notes: Vec<Note>,
}

/// The columns of a facility file (`field,value,gas`).
pub const FACILITY_COLUMNS: [Spec; 3] = [
    Spec {
        name: "field",
        required: true,
        aliases: &["key"],
        meaning: "name of the field (see FACILITY_FIELDS)",
    },
    Spec {
        name: "value",
        required: true,
        aliases: &[],
        meaning: "its value, in the unit of the field's name",
    },
    Spec {
        name: "gas",
        required: false,
        aliases: &["refrigerant"],
        meaning: "gas of a refrigerant_* row (R-134a, R-410A, R-32, R-1234ze(E), R-744, ...)",
    },
];

/// The fields of a facility file, with their meaning.
pub const FACILITY_FIELDS: [(&str, &str); 10] = [
    ("name", "name of the data centre (text)"),
    ("zone", "grid zone: ISO 3166-1 alpha-2 (BE), EU27 or WORLD (required)"),
    ("it_capacity_kw", "installed IT power, kW"),
    ("building_embodied_kgco2e_per_kw_it", "whole-life embodied footprint of building and M&E per kW of IT capacity, kg CO2e/kW (user value: no open default)"),
    ("building_lifespan_years", "lifespan of building and M&E for amortisation, years"),
    ("building_first_year", "first year of service of the building"),
    ("diesel_kgco2e_per_l", "diesel emission factor, kg CO2e/l (default 2.693, IPCC 2006 vol. 2 table 2.4, commercial/institutional)"),
    ("refrigerant_charge_kg", "charge of the gas named in `gas`, kg (one row per gas)"),
    ("refrigerant_topped_up_kg", "mass of that gas topped up in the year, kg"),
    ("onsite_certificates_retired", "whether the site retired the guarantees of origin of its on-site renewable energy: true (default, noted) or false (sold: not renewable in REF, at the residual mix in market-based)"),
];

/// A field of a facility file that holds one value (all but the
/// refrigerant rows) given a second time is refused: which one would win
/// is not for the reader to guess.
fn once_per_file(seen: &mut HashMap<String, u64>, field: &str, row: &csvin::Row<'_>) -> Result<()> {
    if field.starts_with("refrigerant_") {
        return Ok(());
    }
    let key = if field == "country" { "zone" } else { field };
    match seen.insert(key.to_owned(), row.line) {
        Some(first) => Err(Error::InvalidOption {
            at: row.at("field"),
            option: "field".into(),
            value: crate::error::echo(field),
            allowed: format!("each field once (`{key}` is already given at line {first})"),
        }),
        None => Ok(()),
    }
}

fn bool_cell(row: &csvin::Row<'_>, column: &str) -> Result<Option<bool>> {
    let Some(t) = row.text(column)? else {
        return Ok(None);
    };
    match t.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "oui" | "ja" => Ok(Some(true)),
        "false" | "no" | "0" | "non" | "nee" => Ok(Some(false)),
        _ => Err(Error::InvalidOption {
            at: row.at(column),
            option: column.into(),
            value: crate::error::echo(&t),
            allowed: "true, false".into(),
        }),
    }
}

/// Reads a facility file: `field,value` rows (and `gas` for refrigerants).
///
/// # Errors
///
/// An unknown field ([`Error::InvalidOption`] at column `field`), a bad or
/// negative number, a refrigerant row without gas, a missing `zone`; each
/// with file, line and column.
pub fn read_facility<R: Read>(name: &str, reader: R, encoding: TextEncoding) -> Result<Facility> {
    let mut f = Facility::default();
    let mut building = (None, None, None);
    let mut zone_seen = false;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let summary = csvin::read(
        name,
        reader,
        &FACILITY_COLUMNS,
        encoding,
        |_| {},
        |row| {
            let field = row
                .text("field")?
                .ok_or_else(|| Error::MissingValue {
                    at: row.at("field"),
                })?
                .to_ascii_lowercase();
            let value_text = row.text("value")?;
            let number = |row: &csvin::Row<'_>| -> Result<f64> { row.required("value") };
            once_per_file(&mut seen, &field, row)?;
            match field.as_str() {
                "name" => f.name = value_text.unwrap_or_default(),
                "zone" | "country" => {
                    f.zone = value_text.ok_or_else(|| Error::MissingValue {
                        at: row.at("value"),
                    })?;
                    zone_seen = true;
                }
                "it_capacity_kw" => f.it_capacity_kw = Some(number(row)?),
                "building_embodied_kgco2e_per_kw_it" => building.0 = Some(number(row)?),
                "building_lifespan_years" => {
                    let v = number(row)?;
                    if v <= 0.0 {
                        return Err(Error::OutOfRange {
                            at: row.at("value"),
                            value: v,
                            allowed: "> 0 years".into(),
                        });
                    }
                    building.1 = Some(v);
                }
                "building_first_year" => {
                    building.2 = Some(crate::quantity::bounds::check_year(
                        number(row)?,
                        &row.at("value"),
                    )?);
                }
                "diesel_kgco2e_per_l" => f.diesel_kgco2e_per_l = Some(number(row)?),
                "onsite_certificates_retired" => {
                    f.onsite_certificates_retired = bool_cell(row, "value")?;
                }
                "refrigerant_charge_kg" | "refrigerant_topped_up_kg" => {
                    let gas = row
                        .text("gas")?
                        .ok_or_else(|| Error::MissingValue { at: row.at("gas") })?;
                    let v = number(row)?;
                    let at = row.at("gas");
                    let i = match f
                        .refrigerants
                        .iter()
                        .position(|r| r.gas.eq_ignore_ascii_case(&gas))
                    {
                        Some(i) => i,
                        None => {
                            f.refrigerants.push(Refrigerant {
                                gas,
                                charge_kg: 0.0,
                                topped_up_kg: 0.0,
                                at,
                            });
                            f.refrigerants.len() - 1
                        }
                    };
                    if let Some(r) = f.refrigerants.get_mut(i) {
                        if field == "refrigerant_charge_kg" {
                            r.charge_kg += v;
                        } else {
                            r.topped_up_kg += v;
                        }
                    }
                }
                other => {
                    return Err(Error::InvalidOption {
                        at: row.at("field"),
                        option: "field".into(),
                        value: crate::error::echo(other),
                        allowed: FACILITY_FIELDS.map(|(n, _)| n).join(", "),
                    })
                }
            }
            Ok(())
        },
    )?;
    f.notes = summary.notes;
    if !zone_seen {
        return Err(Error::MissingValue {
            at: Location::file(name).with_column("zone"),
        });
    }
    f.building = match building {
        (Some(e), Some(l), Some(y)) => Some(Building {
            embodied_kgco2e_per_kw_it: e,
            lifespan_years: l,
            first_year: y,
        }),
        (None, _, _) => None,
        _ => {
            return Err(Error::MissingValue {
                at: Location::file(name).with_column(
                    "building_lifespan_years and building_first_year (needed with building_embodied_kgco2e_per_kw_it)",
                ),
            })
        }
    };
    Ok(f)
}

/// The kind of an energy attribute instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstrumentKind {
    /// Guarantee of origin (EU Directive 2018/2001 art. 19).
    GuaranteeOfOrigin,
    /// Power purchase agreement with its attributes.
    Ppa,
    /// Supplier-specific emission factor of a contract.
    SupplierSpecific,
}

impl InstrumentKind {
    /// The identifier used in files and results.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::GuaranteeOfOrigin => "go",
            Self::Ppa => "ppa",
            Self::SupplierSpecific => "supplier",
        }
    }
}

/// A contractual instrument for market-based scope 2.
#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    /// Kind.
    pub kind: InstrumentKind,
    /// Energy covered, kWh.
    pub kwh: f64,
    /// Emission factor of that energy, kg CO2e/kWh (0 for renewable GOs and PPAs).
    pub factor_kg_per_kwh: f64,
    /// Whether the energy counts as renewable in REF.
    pub renewable: bool,
    /// Whether it was bought for the cooling plant (renewable cooling).
    pub covers_cooling: bool,
    /// Period covered, days since 1970 (first and last day), when given.
    pub period_days: Option<(i64, i64)>,
    /// Where it was given (errors name it).
    pub at: Location,
}

/// The instruments of a reporting period and the residual mix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Instruments {
    /// Where they come from.
    pub source: String,
    /// The instruments, in file order.
    pub items: Vec<Instrument>,
    /// Residual-mix factor for grid electricity no instrument covers,
    /// kg CO2e/kWh. Required for market-based scope 2: none is embedded
    /// (no redistributable European residual mix is known).
    pub residual_mix_kg_per_kwh: Option<f64>,
    /// Notes of the reading of its file (ignored columns, a Windows-1252
    /// decoding), shown with the results.
    pub notes: Vec<Note>,
}

/// The columns of an instruments file.
pub const INSTRUMENT_COLUMNS: [Spec; 7] = [
    Spec {
        name: "instrument",
        required: true,
        aliases: &["kind", "type"],
        meaning: "go (guarantee of origin), ppa, supplier (supplier-specific factor) or residual_mix",
    },
    Spec {
        name: "kwh",
        required: false,
        aliases: &["energy_kwh"],
        meaning: "energy covered, kWh (empty for residual_mix)",
    },
    Spec {
        name: "factor_gco2e_per_kwh",
        required: false,
        aliases: &[],
        meaning: "emission factor, g CO2e/kWh (default 0 for go and ppa; required for supplier and residual_mix)",
    },
    Spec {
        name: "start",
        required: false,
        aliases: &["period_start"],
        meaning: "first day covered (YYYY-MM-DD)",
    },
    Spec {
        name: "end",
        required: false,
        aliases: &["period_end"],
        meaning: "last day covered (YYYY-MM-DD)",
    },
    Spec {
        name: "renewable",
        required: false,
        aliases: &[],
        meaning: "true when the energy is renewable (default: true for go and ppa, false for supplier)",
    },
    Spec {
        name: "covers",
        required: false,
        aliases: &[],
        meaning: "all (default) or cooling: an instrument bought for the cooling plant",
    },
];

/// Reads an instruments file.
///
/// # Errors
///
/// An unknown instrument kind ([`Error::InvalidOption`]), a missing or
/// negative kWh or factor, a bad date; each with file, line and column.
pub fn read_instruments<R: Read>(
    name: &str,
    reader: R,
    encoding: TextEncoding,
) -> Result<Instruments> {
    let mut out = Instruments {
        source: name.into(),
        ..Instruments::default()
    };
    let mut residual_line: Option<u64> = None;
    let summary = csvin::read(
        name,
        reader,
        &INSTRUMENT_COLUMNS,
        encoding,
        |_| {},
        |row| {
            let kind_text = row.text("instrument")?.ok_or_else(|| Error::MissingValue {
                at: row.at("instrument"),
            })?;
            let factor = match row.number("factor_gco2e_per_kwh")? {
                Some(g) => Some(
                    crate::quantity::bounds::check_intensity_g(g, &row.at("factor_gco2e_per_kwh"))?
                        / 1_000.0,
                ),
                None => None,
            };
            let kind = match kind_text
                .to_ascii_lowercase()
                .replace(['-', ' '], "_")
                .as_str()
            {
                "go" | "guarantee_of_origin" | "gos" => InstrumentKind::GuaranteeOfOrigin,
                "ppa" => InstrumentKind::Ppa,
                "supplier" | "supplier_specific" => InstrumentKind::SupplierSpecific,
                "residual_mix" | "residual" => {
                    if let Some(first) = residual_line.replace(row.line) {
                        return Err(Error::InvalidOption {
                            at: row.at("instrument"),
                            option: "instrument".into(),
                            value: crate::error::echo(&kind_text),
                            allowed: format!(
                                "one residual_mix row (already given at line {first})"
                            ),
                        });
                    }
                    out.residual_mix_kg_per_kwh =
                        Some(factor.ok_or_else(|| Error::MissingValue {
                            at: row.at("factor_gco2e_per_kwh"),
                        })?);
                    return Ok(());
                }
                _ => {
                    return Err(Error::InvalidOption {
                        at: row.at("instrument"),
                        option: "instrument".into(),
                        value: crate::error::echo(&kind_text),
                        allowed: "go, ppa, supplier, residual_mix".into(),
                    })
                }
            };
            let factor = match (kind, factor) {
                (_, Some(f)) => f,
                (InstrumentKind::SupplierSpecific, None) => {
                    return Err(Error::MissingValue {
                        at: row.at("factor_gco2e_per_kwh"),
                    })
                }
                (_, None) => 0.0,
            };
            let day = |row: &csvin::Row<'_>, column: &str| -> Result<Option<i64>> {
                let Some(t) = row.text(column)? else {
                    return Ok(None);
                };
                Ok(Some(match parse_timestamp(&t, &row.at(column))? {
                    Timestamp::Instant { written: s, .. } | Timestamp::Local(s) => {
                        s.div_euclid(86_400)
                    }
                }))
            };
            let start = day(row, "start")?;
            let end = day(row, "end")?;
            let period_days = match (start, end) {
                (Some(s), Some(e)) if e < s => {
                    return Err(Error::InvalidOption {
                        at: row.at("end"),
                        option: "end".into(),
                        value: row.text("end")?.unwrap_or_default(),
                        allowed: "a day on or after start".into(),
                    })
                }
                (Some(s), Some(e)) => Some((s, e)),
                (Some(s), None) => Some((s, i64::MAX)),
                (None, Some(e)) => Some((i64::MIN, e)),
                (None, None) => None,
            };
            let renewable =
                bool_cell(row, "renewable")?.unwrap_or(kind != InstrumentKind::SupplierSpecific);
            let covers_cooling = match row.text("covers")?.map(|t| t.to_ascii_lowercase()) {
                None => false,
                Some(t) if t == "all" => false,
                Some(t) if t == "cooling" => true,
                Some(t) => {
                    return Err(Error::InvalidOption {
                        at: row.at("covers"),
                        option: "covers".into(),
                        value: crate::error::echo(&t),
                        allowed: "all, cooling".into(),
                    })
                }
            };
            out.items.push(Instrument {
                kind,
                kwh: row.required("kwh")?,
                factor_kg_per_kwh: factor,
                renewable,
                covers_cooling,
                period_days,
                at: row.at("kwh"),
            });
            Ok(())
        },
    )?;
    out.notes = summary.notes;
    Ok(out)
}

/// A tenant of the data centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Tenant {
    /// Name (a service or an administration).
    pub name: String,
    /// Sub-metered IT energy over the period, kWh.
    pub it_kwh: Option<f64>,
    /// Share of the capacity reserved (racks, kW reserved or vCPU-hours
    /// over the facility's), 0-1.
    pub capacity_share: Option<f64>,
    /// Where it was given.
    pub at: Location,
}

/// How the data centre's footprint is allocated to tenants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Allocation {
    /// Everything in proportion to sub-metered IT energy.
    #[default]
    Energy,
    /// Everything in proportion to the capacity share.
    Share,
    /// Energy and its emissions (scopes 1 and 2) by meter; embodied
    /// (scope 3: building, equipment) by share.
    Mix,
}

impl Allocation {
    /// Parses `energy`, `share` or `mix`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] located at the option `allocation`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "energy" | "meter" => Ok(Self::Energy),
            "share" | "capacity" => Ok(Self::Share),
            "mix" => Ok(Self::Mix),
            _ => Err(Error::invalid_option("allocation", s, "energy, share, mix")),
        }
    }

    /// The identifier used in results.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Energy => "energy",
            Self::Share => "share",
            Self::Mix => "mix",
        }
    }
}

/// The columns of a tenants file.
pub const TENANT_COLUMNS: [Spec; 4] = [
    Spec {
        name: "tenant",
        required: true,
        aliases: &["name", "service"],
        meaning: "tenant or service name",
    },
    Spec {
        name: "it_kwh",
        required: false,
        aliases: &[],
        meaning: "sub-metered IT energy over the period, kWh",
    },
    Spec {
        name: "capacity_share",
        required: false,
        aliases: &["share"],
        meaning: "share of the capacity reserved, 0-1 (racks, kW reserved or vCPU-hours over the facility's)",
    },
    Spec {
        name: "basis",
        required: false,
        aliases: &[],
        meaning: "what the share counts (racks, kw_reserved, vcpu_hours): documentation only",
    },
];

/// Reads a tenants file: the tenants, and the notes of the reading
/// (ignored columns, a Windows-1252 decoding) that a report must show.
///
/// # Errors
///
/// A negative value, a share above 1, a duplicated tenant; each with file,
/// line and column.
pub fn read_tenants<R: Read>(
    name: &str,
    reader: R,
    encoding: TextEncoding,
) -> Result<(Vec<Tenant>, Vec<Note>)> {
    let mut tenants: Vec<Tenant> = Vec::new();
    let mut names: HashSet<String> = HashSet::new();
    let summary = csvin::read(
        name,
        reader,
        &TENANT_COLUMNS,
        encoding,
        |_| {},
        |row| {
            let tenant = row.text("tenant")?.ok_or_else(|| Error::MissingValue {
                at: row.at("tenant"),
            })?;
            check_tenant_name(&tenant, &row.at("tenant"))?;
            if !names.insert(tenant.clone()) {
                return Err(Error::InvalidOption {
                    at: row.at("tenant"),
                    option: "tenant".into(),
                    value: crate::error::echo(&tenant),
                    allowed: "a name not given on an earlier line".into(),
                });
            }
            let share = row.non_negative("capacity_share")?;
            if let Some(s) = share.filter(|s| *s > 1.0) {
                return Err(Error::OutOfRange {
                    at: row.at("capacity_share"),
                    value: s,
                    allowed: "0 to 1".into(),
                });
            }
            let _ = row.text("basis")?;
            tenants.push(Tenant {
                name: tenant,
                it_kwh: row.non_negative("it_kwh")?,
                capacity_share: share,
                at: row.at("it_kwh"),
            });
            Ok(())
        },
    )?;
    Ok((tenants, summary.notes))
}

/// A tenant may not take the name of the unallocated line: results would
/// show two lines of that name.
///
/// # Errors
///
/// [`Error::InvalidOption`] at `at`.
pub fn check_tenant_name(name: &str, at: &Location) -> Result<()> {
    if name.trim().eq_ignore_ascii_case(UNALLOCATED) {
        return Err(Error::InvalidOption {
            at: at.clone(),
            option: "tenant".into(),
            value: crate::error::echo(name),
            allowed: format!(
                "a name other than `{UNALLOCATED}`, which names the capacity no tenant uses"
            ),
        });
    }
    Ok(())
}

/// Days since 1970 of `YYYY-01-01`.
#[must_use]
pub fn first_day_of(year: i32) -> i64 {
    days_from_civil(i64::from(year), 1, 1)
}
