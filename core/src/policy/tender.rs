//! Tenders: bids compared by life-cycle climate footprint per year of
//! service, turned into the points of a responsible-digital award
//! criterion (methodology §13.6).

use crate::accounting::{credited_service_years, footprint_per_service_year, tender_points};
use crate::catalog::Catalog;
use crate::error::{echo, Error, Location, Result};
use crate::note::Note;
use crate::quantity::bounds::{check_lifespan, check_range, check_year, MAX_PER_DEVICE};
use crate::text::CsvTable;
use serde::{Deserialize, Serialize};

/// One bid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bid {
    /// Bidder (or offer) name.
    pub bidder: String,
    /// Device kind offered.
    pub kind: String,
    /// Embodied climate footprint per device (all phases but use), kg CO2e.
    pub embodied_gwp_kgco2e: f64,
    /// Electricity per device per year, kWh.
    pub annual_energy_kwh: f64,
    /// Guaranteed lifespan, years.
    pub lifespan_years: f64,
    /// Warranty, years.
    pub warranty_years: f64,
    /// Spare parts available, years.
    pub spare_parts_years: f64,
    /// Whether the devices are refurbished.
    pub refurbished: bool,
}

/// The columns of a bids CSV, in order.
pub const BID_COLUMNS: [&str; 8] = [
    "bidder",
    "kind",
    "embodied_gwp_kgco2e",
    "annual_energy_kwh",
    "lifespan_years",
    "warranty_years",
    "spare_parts_years",
    "refurbished",
];

/// How bids are scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenderOptions {
    /// Weight of the responsible-digital criterion, percent of the award
    /// points (default 10).
    pub weight_pct: f64,
    /// Country or zone of use (grid intensity).
    pub country: String,
    /// Year of the grid intensity; `None` (the default): the last year
    /// the grid data publishes for `country`. The result carries the year
    /// used.
    pub year: Option<i32>,
}

impl Default for TenderOptions {
    fn default() -> Self {
        Self {
            weight_pct: 10.0,
            country: "BE".into(),
            year: None,
        }
    }
}

/// One scored bid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenderRow {
    /// Rank (1 = lowest footprint per year of service).
    pub rank: u32,
    /// The bid.
    pub bid: Bid,
    /// Years of service credited, `min(L, max(W, P))`.
    pub credited_years: f64,
    /// Life-cycle footprint per year of service, kg CO2e.
    pub footprint_kgco2e_per_year: f64,
    /// Points of the criterion, out of `weight_pct`.
    pub points: f64,
}

/// The ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenderResult {
    /// The options used (`year` filled in).
    pub options: TenderOptions,
    /// Year of the grid intensity used: the one asked for, or the zone's
    /// last published year.
    pub year: i32,
    /// Grid intensity used, kg CO2e/kWh.
    pub intensity_kg_per_kwh: f64,
    /// Bids by rank.
    pub rows: Vec<TenderRow>,
    /// The formula, in words, to print with the ranking.
    pub formula: String,
    /// Assumptions.
    pub notes: Vec<Note>,
    /// Where the values used came from (the grid intensity; the bids'
    /// values are the bidders').
    pub sources: Vec<crate::catalog::SourceUse>,
    /// The dataset editions behind the sources.
    pub datasets: Vec<crate::catalog::DatasetInfo>,
}

/// Reads a bids CSV (`,`, a header naming [`BID_COLUMNS`] in any order;
/// `refurbished` is `yes`/`no`, `true`/`false` or `1`/`0`).
///
/// # Errors
///
/// Located at the file, line and column: [`Error::MissingColumn`],
/// [`Error::MalformedCsv`], [`Error::MissingValue`],
/// [`Error::InvalidNumber`], [`Error::OutOfRange`], [`Error::UnknownKind`],
/// [`Error::InvalidOption`] (for `refurbished`), [`Error::EmptyInventory`]
/// without any bid.
pub fn parse_bids(source: &str, bytes: &[u8], catalog: &Catalog) -> Result<Vec<Bid>> {
    let mut table = CsvTable::open(source, bytes, &BID_COLUMNS)?;
    let mut bids = Vec::new();
    let mut record = csv::StringRecord::new();
    while let Some(line) = table.next_row(&mut record)? {
        let cell = |slot: usize| -> Result<(&str, Location)> {
            let at = table.at(line, slot);
            let text = table.field(&record, slot);
            if text.is_empty() {
                return Err(Error::MissingValue { at });
            }
            Ok((text, at))
        };
        // Numbers with the file's dialect (decimal commas in `;` files), as
        // everywhere else.
        let value = |slot: usize| -> Result<(f64, Location)> {
            let at = table.at(line, slot);
            let v = table
                .number(&record, line, slot)?
                .ok_or_else(|| Error::MissingValue { at: at.clone() })?;
            Ok((v, at))
        };
        let number = |slot: usize, lo: f64, hi: f64| -> Result<f64> {
            let (v, at) = value(slot)?;
            check_range(v, &at, lo, true, hi)
        };
        let (bidder, _) = cell(0)?;
        let (kind, kind_at) = cell(1)?;
        let kind = catalog.kind_id(kind, &kind_at)?;
        let (lifespan, lifespan_at) = value(4)?;
        let lifespan = check_lifespan(lifespan, &lifespan_at)?;
        let (refurbished, at) = cell(7)?;
        let refurbished = match refurbished.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "y" => true,
            "no" | "false" | "0" | "n" => false,
            other => {
                return Err(Error::InvalidOption {
                    at,
                    option: "refurbished".into(),
                    value: echo(other),
                    allowed: "yes, no".into(),
                })
            }
        };
        bids.push(Bid {
            bidder: bidder.to_owned(),
            kind: catalog.archetype(kind)?.kind.clone(),
            embodied_gwp_kgco2e: number(2, 0.0, MAX_PER_DEVICE)?,
            annual_energy_kwh: number(3, 0.0, MAX_PER_DEVICE)?,
            lifespan_years: lifespan,
            warranty_years: number(5, 0.0, 50.0)?,
            spare_parts_years: number(6, 0.0, 50.0)?,
            refurbished,
        });
    }
    if bids.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::file(source),
        });
    }
    Ok(bids)
}

/// Ranks bids by life-cycle footprint per year of service and gives each
/// the points of the criterion: `points = weight × F_min / F`, with
/// `F = M / T + E × I` and `T = min(L, max(W, P))`.
///
/// ```
/// use empreinte::policy::{score_bids, Bid, TenderOptions};
/// use empreinte::Catalog;
/// let bid = |name: &str, m: f64, l: f64| Bid { bidder: name.into(), kind: "laptop".into(),
///     embodied_gwp_kgco2e: m, annual_energy_kwh: 20.0, lifespan_years: l, warranty_years: l,
///     spare_parts_years: l, refurbished: false };
/// let r = score_bids(&[bid("A", 250.0, 4.0), bid("B", 250.0, 6.0)], &*Catalog::embedded()?, &TenderOptions::default())?;
/// assert_eq!(r.rows[0].bid.bidder, "B");
/// assert_eq!(r.rows[0].points, 10.0);
/// # Ok::<(), empreinte::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::OutOfRange`] for a weight outside 0-100 or a bad year;
/// [`Error::UnknownCountry`]; [`Error::OutOfRange`] at the bid for a bid
/// credited with no year of service (no warranty and no spare parts);
/// [`Error::EmptyInventory`] without bids.
pub fn score_bids(
    bids: &[Bid],
    catalog: &Catalog,
    options: &TenderOptions,
) -> Result<TenderResult> {
    check_range(
        options.weight_pct,
        &Location::option("weight_pct"),
        0.0,
        true,
        100.0,
    )?;
    if bids.is_empty() {
        return Err(Error::EmptyInventory {
            at: Location::file("bids"),
        });
    }
    let grid = catalog.grid();
    let zone = grid.zone_id(&options.country, &Location::option("country"))?;
    // Without a year, the zone's last published one (the clamp of
    // `Zone::intensity` gives it for any later year).
    let asked = match options.year {
        Some(y) => check_year(f64::from(y), &Location::option("year"))?,
        None => i32::MAX,
    };
    let used = grid.intensity(zone, asked)?;
    let year = if options.year.is_some() {
        asked
    } else {
        used.data_year
    };
    let intensity = used.factor.kg_per_kwh();
    let mut rows = Vec::with_capacity(bids.len());
    for (i, bid) in bids.iter().enumerate() {
        let t = credited_service_years(
            bid.lifespan_years,
            bid.warranty_years,
            bid.spare_parts_years,
        );
        if t <= 0.0 {
            return Err(Error::OutOfRange {
                at: Location::row("bids", i as u64).with_column("warranty_years"),
                value: t,
                allowed: "a warranty or spare-parts commitment of more than 0 years".into(),
            });
        }
        rows.push(TenderRow {
            rank: 0,
            bid: bid.clone(),
            credited_years: t,
            footprint_kgco2e_per_year: footprint_per_service_year(
                bid.embodied_gwp_kgco2e,
                bid.annual_energy_kwh,
                intensity,
                t,
            ),
            points: 0.0,
        });
    }
    let best = rows
        .iter()
        .map(|r| r.footprint_kgco2e_per_year)
        .fold(f64::INFINITY, f64::min);
    for r in &mut rows {
        r.points = tender_points(options.weight_pct, best, r.footprint_kgco2e_per_year);
    }
    rows.sort_by(|a, b| {
        a.footprint_kgco2e_per_year
            .total_cmp(&b.footprint_kgco2e_per_year)
            .then_with(|| a.bid.bidder.cmp(&b.bid.bidder))
    });
    // Standard competition ranking: equal footprints share a rank (1, 1, 3).
    let mut previous: Option<(f64, u32)> = None;
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = match previous {
            Some((f, rank)) if f == r.footprint_kgco2e_per_year => rank,
            _ => i as u32 + 1,
        };
        previous = Some((r.footprint_kgco2e_per_year, r.rank));
    }
    let formula = format!(
        "points = {w} × F_min / F; F = embodied_gwp_kgco2e / T + annual_energy_kwh × I (kg CO2e per year of service); T = min(lifespan_years, max(warranty_years, spare_parts_years)); I = {i:.4} kg CO2e/kWh ({c} {y}); weight {w} % of the award points",
        w = options.weight_pct,
        i = intensity,
        c = options.country,
        y = year,
    );
    let mut notes = vec![Note {
        code: "tender_formula",
        message: formula.clone(),
    }];
    if rows.iter().any(|r| r.credited_years < r.bid.lifespan_years) {
        notes.push(Note {
            code: "lifespan_not_backed",
            message: "a guaranteed lifespan longer than the warranty and the spare-parts commitment is credited only as far as they back it".into(),
        });
    }
    if rows.iter().any(|r| r.bid.refurbished) {
        notes.push(Note {
            code: "refurbished_bid",
            message: "refurbished bids are scored on the embodied footprint they declare (the refurbishment's); check it is documented".into(),
        });
    }
    Ok(TenderResult {
        options: TenderOptions {
            year: Some(year),
            ..options.clone()
        },
        year,
        intensity_kg_per_kwh: intensity,
        rows,
        formula,
        notes,
        sources: vec![catalog.grid_source(zone, &used)],
        datasets: catalog
            .datasets()
            .iter()
            .filter(|d| d.id == crate::catalog::GRID_DATASET_ID)
            .cloned()
            .collect(),
    })
}
