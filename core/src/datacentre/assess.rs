//! The data-centre assessment: energy, KPIs, scopes 1-3, cooling, and the
//! allocation to tenants.

use super::validate::check_structs;
use super::*;
use crate::accounting as acc;
use crate::catalog::{Catalog, DatasetInfo, SourceUse};
use crate::error::{Error, Location, Result};
use crate::grid::hourly::{format_instant, HourlySeries, SECONDS_PER_HOUR};
use crate::grid::Basis;
use crate::note::Note;

/// The hourly series for the zone: the user's, else the embedded direct
/// one (scope 2's basis).
fn hourly_series(
    inputs: &Inputs,
    zone: &str,
    notes: &mut Vec<Note>,
) -> Option<(HourlySeries, Option<DatasetInfo>)> {
    if let Some(s) = &inputs.hourly {
        return Some((s.clone(), None));
    }
    let embedded = crate::catalog::embedded_hourly(zone, Basis::Direct);
    match embedded {
        Ok((s, info)) => Some((s, Some(info))),
        Err(e) => {
            notes.push(Note {
                code: "no_hourly_series",
                message: if e.code() == "dataset" {
                    "this build embeds no hourly grid series (cargo feature hourly-grid): no hourly timing effect; supply one".into()
                } else {
                    format!("no embedded hourly series for zone {zone} (BE, DE, FR, NL 2022 only): no hourly timing effect; supply one (option hourly_grid)")
                },
            });
            None
        }
    }
}

/// Assesses a data centre.
///
/// # Errors
///
/// An unknown zone ([`Error::UnknownCountry`]) or refrigerant
/// ([`Error::InvalidOption`] at its line, column `gas`); instruments
/// exceeding the grid electricity ([`Error::OutOfRange`] at the instrument
/// that goes over, column `kwh`) or outside the period
/// ([`Error::InvalidOption`]); instruments without a residual mix
/// ([`Error::InvalidOption`] saying what to supply); tenants whose metered
/// IT energy or shares exceed the total ([`Error::OutOfRange`] at the
/// tenant that goes over); no IT energy.
#[allow(clippy::too_many_lines)]
pub fn assess(inputs: &Inputs, catalog: &Catalog) -> Result<Datacentre> {
    check_structs(inputs)?;
    let r = &inputs.readings;
    let m = r.total;
    // Every file's reading notes (ignored columns, a Windows-1252
    // decoding) are shown with the results.
    let mut notes = r.notes.clone();
    notes.extend(inputs.facility.notes.iter().cloned());
    if let Some(ins) = &inputs.instruments {
        notes.extend(ins.notes.iter().cloned());
    }
    notes.extend(inputs.notes.iter().cloned());
    let mut sources = Vec::new();
    let mut datasets = vec![];
    if m.it_kwh.is_nan() || m.it_kwh <= 0.0 {
        return Err(Error::OutOfRange {
            at: Location::file(&r.source).with_column("it_kwh"),
            value: m.it_kwh,
            allowed: "> 0 over the period".into(),
        });
    }
    // Totals filled by a binding (Python, JavaScript) are checked as the
    // reader checks each interval: finite, non-negative, parts within E_DC.
    let at = |column: &str| Location::file(&r.source).with_column(column);
    for (column, value) in [
        ("it_kwh", m.it_kwh),
        ("facility_kwh", m.facility_kwh),
        ("cooling_kwh", m.cooling_kwh),
        ("onsite_renewable_kwh", m.onsite_renewable_kwh),
        ("reused_heat_kwh", m.reused_heat_kwh),
        ("water_m3", m.water_m3),
        ("diesel_l", m.diesel_l),
        ("generator_kwh", m.generator_kwh),
        ("free_cooling_h", m.free_cooling_h),
    ] {
        crate::quantity::bounds::check_range(value, &at(column), 0.0, true, 1e15)?;
    }
    if m.facility_kwh < m.it_kwh {
        return Err(Error::OutOfRange {
            at: at("facility_kwh"),
            value: m.facility_kwh,
            allowed: format!(">= it_kwh ({}): PUE >= 1", m.it_kwh),
        });
    }
    let period_hours = (r.end_utc_s - r.start_utc_s) as f64 / 3_600.0;
    readings::check_interval(&m, period_hours.max(0.0), &at)?;
    let factors = Factors::embedded()?;
    let f = &inputs.facility;
    // Grid, yearly: scope 2 on the direct basis, category 3 on the
    // upstream one, whatever the meter resolution (methodology §3.1).
    let zone_at = Location::file("facility").with_column("zone");
    let zone = catalog.grid().zone_id(&f.zone, &zone_at)?;
    let direct_grid = catalog.grid_of(Basis::Direct).ok_or_else(|| {
        Error::dataset(
            crate::catalog::DIRECT_GRID_DATASET_ID,
            0,
            "this catalog has no direct grid: scope 2 needs the direct (combustion) intensity",
        )
    })?;
    let zone_code = catalog
        .grid()
        .zone(zone)
        .map_or(f.zone.clone(), |z| z.code.clone());
    let grid_kwh = acc::grid_kwh(m.facility_kwh, m.onsite_renewable_kwh, m.generator_kwh);
    // Each calendar year of the readings at its own factors (their
    // calendar; an interval straddling 1 January split in proportion of
    // time): July 2022 - June 2023 is not all at 2022's factor.
    let mut grid_years = Vec::new();
    for (year, kwh) in r.grid_by_year(grid_kwh) {
        let direct = direct_grid.intensity(zone, year)?;
        let life_cycle = catalog.grid().intensity(zone, year)?;
        if grid_years.is_empty() || kwh > 0.0 {
            sources.push(catalog.grid_source(zone, &direct));
            sources.push(catalog.grid_source(zone, &life_cycle));
        }
        if life_cycle.user_supplied != direct.user_supplied
            && direct.factor.kg_per_kwh() > life_cycle.factor.kg_per_kwh()
        {
            notes.push(Note {
                code: "category3_floored",
                message: format!(
                    "{zone_code} {year}: the direct factor ({:.1} g) is above the life-cycle one ({:.1} g): category 3 is 0",
                    direct.factor.g_per_kwh(),
                    life_cycle.factor.g_per_kwh()
                ),
            });
        }
        grid_years.push(GridYear {
            year,
            grid_kwh: kwh,
            direct_g_per_kwh: direct.factor.g_per_kwh(),
            life_cycle_g_per_kwh: life_cycle.factor.g_per_kwh(),
            data_year: direct.data_year,
        });
    }
    for id in [
        crate::catalog::DIRECT_GRID_DATASET_ID,
        crate::catalog::GRID_DATASET_ID,
    ] {
        if let Some(d) = catalog.datasets().iter().find(|d| d.id == id) {
            datasets.push(d.clone());
        }
    }
    let pairs = |lc: bool| -> Vec<(f64, f64)> {
        grid_years
            .iter()
            .map(|g| {
                let i = if lc {
                    g.life_cycle_g_per_kwh
                } else {
                    g.direct_g_per_kwh
                };
                (g.grid_kwh, i / 1_000.0)
            })
            .collect()
    };
    let first = grid_years.first().copied().unwrap_or_default();
    let location_annual = acc::scope2_location_by_year_kg(&pairs(false));
    let life_cycle_kg = acc::scope2_location_by_year_kg(&pairs(true));
    let upstream: f64 = grid_years
        .iter()
        .map(|g| {
            acc::category3_kg(
                g.grid_kwh,
                g.life_cycle_g_per_kwh / 1_000.0,
                g.direct_g_per_kwh / 1_000.0,
            )
        })
        .sum();
    // One year: its factors; several: the kWh-weighted means.
    let weighted = |kg: f64, one: f64| {
        if grid_years.len() > 1 && grid_kwh > 0.0 {
            kg / grid_kwh * 1_000.0
        } else {
            one
        }
    };
    let i_year = first.direct_g_per_kwh / 1_000.0;
    if grid_years.len() > 1 {
        notes.push(Note {
            code: "grid_by_year",
            message: format!(
                "the readings span calendar years: each year's grid electricity at its own factors (direct, life-cycle): {}",
                grid_years
                    .iter()
                    .map(|g| format!(
                        "{} {:.1} kWh at {:.3} and {:.3} g",
                        g.year, g.grid_kwh, g.direct_g_per_kwh, g.life_cycle_g_per_kwh
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        });
    }
    if m.diesel_l > 0.0 && m.generator_kwh == 0.0 {
        notes.push(Note {
            code: "generator_not_metered",
            message: format!(
                "{} l of generator fuel but no generator_kwh: the electricity the generators delivered is counted as drawn from the grid (scope 2) on top of their fuel (scope 1); give generator_kwh (EN 50600-4-2: E_DC = grid + on-site renewable + generator output)",
                m.diesel_l
            ),
        });
    }
    let mut s2 = Scope2 {
        grid_kwh,
        annual_g_per_kwh: weighted(location_annual, first.direct_g_per_kwh),
        annual_data_year: first.data_year,
        life_cycle_g_per_kwh: weighted(life_cycle_kg, first.life_cycle_g_per_kwh),
        location_annual_kgco2e: location_annual,
        location_kgco2e: location_annual,
        location_method: "yearly, direct basis",
        upstream_kgco2e: upstream,
        life_cycle_kgco2e: life_cycle_kg,
        grid_years: grid_years.clone(),
        ..Scope2::default()
    };
    // Grid, hourly: the timing effect of the load (hourly minus the same
    // series' mean), its own line; the reported figure stays the yearly one
    // (tenants sub-metered by the hour share it by load × hourly intensity).
    let mut hourly_intensity: Option<Vec<f64>> = None;
    if let Some(load) = &r.hourly {
        if let Some((series, info)) = hourly_series(inputs, &zone_code, &mut notes) {
            let intensities: Vec<Option<f64>> = (0..load.grid_kwh.len())
                .map(|i| series.kg_per_kwh_at(load.first_hour + i as i64))
                .collect();
            let covered = intensities.iter().filter(|v| v.is_some()).count();
            if covered == intensities.len() {
                let is: Vec<f64> = intensities.into_iter().flatten().collect();
                let hourly = acc::scope2_location_hourly_kg(&load.grid_kwh, &is);
                let mean = acc::mean_intensity(&is);
                s2.location_hourly_kgco2e = Some(hourly);
                s2.series_mean_g_per_kwh = Some(mean * 1_000.0);
                s2.location_series_mean_kgco2e =
                    Some(acc::scope2_location_annual_kg(grid_kwh, mean));
                s2.hourly_source = Some(format!("{} ({})", series.source, series.basis.id()));
                sources.push(SourceUse {
                    item: format!(
                        "hourly grid intensity {} ({} h, {} basis): timing effect only",
                        series.zone,
                        is.len(),
                        series.basis.id()
                    ),
                    dataset: series.source.clone(),
                    reference: info
                        .as_ref()
                        .map_or("supplied by the user".into(), |i| i.attribution.clone()),
                    licence: info
                        .as_ref()
                        .map_or("as supplied by the user".into(), |i| i.licence.clone()),
                });
                if let Some(i) = info {
                    datasets.push(i);
                }
                hourly_intensity = Some(is);
            } else {
                notes.push(Note {
                    code: "hourly_series_partial",
                    message: format!(
                        "the hourly series {} covers {covered} of the {} hours of the readings ({} to {}): no hourly timing effect",
                        series.source,
                        intensities.len(),
                        format_instant(load.first_hour * SECONDS_PER_HOUR),
                        format_instant((load.first_hour + intensities.len() as i64) * SECONDS_PER_HOUR)
                    ),
                });
            }
        }
    }
    // On-site renewables: their guarantees of origin retired by the site
    // (the default, noted) or sold (then neither renewable in REF nor
    // zero-emission in market-based: EN 50600-4-3; Scope 2 Guidance).
    let onsite_sold = f.onsite_certificates_retired == Some(false);
    if m.onsite_renewable_kwh > 0.0 && f.onsite_certificates_retired.is_none() {
        notes.push(Note {
            code: "onsite_certificates_assumed_retired",
            message: format!(
                "{} kWh of on-site renewable energy: its guarantees of origin are taken as retired by the site (they count in REF and keep the energy out of market-based scope 2); if they were sold, set onsite_certificates_retired,false in the facility file",
                m.onsite_renewable_kwh
            ),
        });
    }
    let (onsite_renewable_kwh, sold_onsite_kwh) = if onsite_sold {
        (0.0, m.onsite_renewable_kwh)
    } else {
        (m.onsite_renewable_kwh, 0.0)
    };
    // The energy market-based scope 2 accounts for: the grid's, and the
    // on-site energy whose certificates were sold ("null power").
    let market_kwh = grid_kwh + sold_onsite_kwh;
    // Market-based.
    let mut renewable_kwh = onsite_renewable_kwh;
    let mut cooling_contract_kwh = 0.0;
    let mut cooling_contract_kg = 0.0;
    if let Some(ins) = &inputs.instruments {
        let residual = ins.residual_mix_kg_per_kwh.ok_or_else(|| Error::InvalidOption {
            at: Location::file(&ins.source).with_column("instrument"),
            option: "residual_mix".into(),
            value: "(none)".into(),
            allowed: "a row `residual_mix` with factor_gco2e_per_kwh: market-based scope 2 needs the residual mix of the grid electricity no instrument covers (from your supplier or the national issuing body; none is embedded, no redistributable European residual mix is known)".into(),
        })?;
        // The instruments' dates and the readings compared in one calendar:
        // the readings' own, as written (their first timestamp's offset).
        let first_day = (r.start_utc_s + r.written_offset_s).div_euclid(86_400);
        let last_day = (r.end_utc_s + r.written_offset_s - 1).div_euclid(86_400);
        let mut prorated = Vec::new();
        let mut same_as_onsite = Vec::new();
        let mut covered = 0.0;
        let mut pairs = Vec::with_capacity(ins.items.len());
        for i in &ins.items {
            if let Some((s, e)) = i.period_days {
                if e < first_day || s > last_day {
                    return Err(Error::InvalidOption {
                        at: i
                            .at
                            .clone()
                            .with_column(if e < first_day { "end" } else { "start" }),
                        option: "period".into(),
                        value: "outside the readings".into(),
                        allowed: format!(
                            "a period overlapping the readings ({} to {})",
                            format_instant(r.start_utc_s),
                            format_instant(r.end_utc_s)
                        ),
                    });
                }
            }
            // Only the part of its period inside the readings' counts.
            let kwh = match i.period_days {
                Some((s, e)) if s > i64::MIN && e < i64::MAX && (s < first_day || e > last_day) => {
                    let overlap = (e.min(last_day) - s.max(first_day) + 1) as f64;
                    let part = acc::instrument_in_period_kwh(i.kwh, (e - s + 1) as f64, overlap);
                    prorated.push(format!(
                        "line {}: {} of {} kWh ({overlap} of {} days)",
                        i.at.line.unwrap_or(0),
                        part,
                        i.kwh,
                        e - s + 1
                    ));
                    part
                }
                _ => i.kwh,
            };
            covered += kwh;
            if covered > market_kwh * (1.0 + 1e-12) {
                return Err(Error::OutOfRange {
                    at: i.at.clone(),
                    value: kwh,
                    allowed: format!(
                        "instruments in all <= the grid electricity consumed ({grid_kwh} kWh = facility_kwh - onsite_renewable_kwh - generator_kwh); this one brings them to {covered} kWh"
                    ),
                });
            }
            pairs.push((kwh, i.factor_kg_per_kwh));
            if i.renewable {
                renewable_kwh += kwh;
                // The site's own on-site energy entered again as an
                // instrument would count twice in REF (and, sold, in
                // market-based): flagged, not refused (a separate purchase
                // of the same amount is possible).
                let onsite = m.onsite_renewable_kwh;
                if onsite > 0.0 && (kwh - onsite).abs() <= 0.005 * onsite {
                    same_as_onsite.push(format!("line {} ({kwh} kWh)", i.at.line.unwrap_or(0)));
                }
            }
            if i.covers_cooling {
                cooling_contract_kwh += kwh;
                cooling_contract_kg += kwh * i.factor_kg_per_kwh;
            }
        }
        if !same_as_onsite.is_empty() {
            notes.push(Note {
                code: "onsite_and_instrument",
                message: format!(
                    "{}: the renewable instrument(s) at {} match the readings' onsite_renewable_kwh ({} kWh) within 0.5 %: if they are the certificates of that same on-site energy, it is counted twice (in REF, and in market-based scope 2); remove the instrument row (on-site energy whose certificates the site retired already counts as renewable) or say onsite_certificates_retired,false in the facility file if they were sold",
                    ins.source,
                    same_as_onsite.join(", "),
                    m.onsite_renewable_kwh
                ),
            });
        }
        if !prorated.is_empty() {
            notes.push(Note {
                code: "instrument_prorated",
                message: format!(
                    "{}: instruments whose period reaches beyond the readings count pro rata to their days inside it: {}",
                    ins.source,
                    prorated.join("; ")
                ),
            });
        }
        s2.market_kgco2e = Some(acc::scope2_market_kg(market_kwh, &pairs, residual));
        s2.contracted_kwh = covered;
        s2.residual_mix_kg_per_kwh = Some(residual);
        sources.push(SourceUse {
            item: format!(
                "{} energy instruments, residual mix {:.1} gCO2e/kWh",
                ins.items.len(),
                residual * 1_000.0
            ),
            dataset: ins.source.clone(),
            reference: "supplied by the user".into(),
            licence: "as supplied by the user".into(),
        });
    } else {
        notes.push(Note {
            code: "no_market_based",
            message: "no instruments given: scope 2 market-based is not computed (it needs the guarantees of origin, PPAs or supplier factors, and the residual mix)".into(),
        });
    }
    // Yearly items (refrigerant top-ups, building, equipment) booked for
    // the period covered: each calendar year's item × the fraction of it
    // the readings cover.
    let fractions = r.year_fractions();
    let period_years: f64 = fractions.iter().map(|(_, f)| f).sum();
    let for_period = |yearly: &dyn Fn(i32) -> f64| {
        acc::booked_for_period_kg(
            &fractions
                .iter()
                .map(|(y, f)| (yearly(*y), *f))
                .collect::<Vec<_>>(),
        )
    };
    if (period_years - 1.0).abs() > 1e-9 {
        notes.push(Note {
            code: "yearly_items_for_period",
            message: format!(
                "the readings cover {period_years:.4} calendar years ({}): refrigerant top-ups, the building and the equipment, given per year, are booked for each year × the fraction of it covered",
                fractions
                    .iter()
                    .map(|(y, f)| format!("{y}: {f:.4}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    // Scope 1.
    let mut s1 = Scope1::default();
    for rf in &f.refrigerants {
        let (gwp, name, source) = factors.gwp100(&rf.gas, &rf.at)?;
        let kg = for_period(&|_| acc::refrigerant_leak_kg(rf.topped_up_kg, gwp));
        s1.refrigerant_kgco2e += kg;
        if rf.charge_kg > 0.0 && rf.topped_up_kg == 0.0 {
            notes.push(Note {
                code: "refrigerant_no_top_up",
                message: format!(
                    "{name}: a charge of {} kg with no top-up in the year: 0 kg leaked is booked; if the circuit was refilled, give refrigerant_topped_up_kg (the mass-balance method counts what was topped up)",
                    rf.charge_kg
                ),
            });
        }
        sources.push(SourceUse {
            item: format!("GWP100 {name} = {gwp}"),
            dataset: format!("{} {}", factors.info.id, factors.info.edition),
            reference: source.into(),
            licence: factors.info.licence.clone(),
        });
        s1.leaks.push(Leak {
            gas: name.into(),
            charge_kg: rf.charge_kg,
            topped_up_kg: rf.topped_up_kg,
            gwp100: gwp,
            kgco2e: kg,
        });
    }
    s1.diesel_l = m.diesel_l;
    s1.diesel_kgco2e_per_l = f.diesel_kgco2e_per_l.unwrap_or(factors.diesel.0);
    s1.diesel_kgco2e = acc::diesel_kg(m.diesel_l, s1.diesel_kgco2e_per_l);
    if m.diesel_l > 0.0 && f.diesel_kgco2e_per_l.is_none() {
        sources.push(SourceUse {
            item: format!("diesel {} kgCO2e/l", factors.diesel.0),
            dataset: format!("{} {}", factors.info.id, factors.info.edition),
            reference: factors.diesel.1.clone(),
            licence: factors.info.licence.clone(),
        });
    }
    if !s1.leaks.is_empty() || m.diesel_l > 0.0 {
        datasets.push(factors.info.clone());
    }
    // Scope 3.
    let acquisition = inputs.mode == acc::Mode::Acquisition;
    let mut s3 = Scope3 {
        equipment_kgco2e: inputs.equipment.map(|e| {
            if acquisition {
                e.acquisition_kgco2e
            } else {
                e.kgco2e
            }
        }),
        building_kgco2e: None,
        building_acquisition_kgco2e: None,
        period_years,
    };
    match (f.building, f.it_capacity_kw) {
        (Some(b), Some(kw)) => {
            let whole = acc::building_embodied_kg(b.embodied_kgco2e_per_kw_it, kw);
            let acquired = for_period(&|y| acc::building_acquisition_kg(whole, b.first_year, y));
            s3.building_acquisition_kgco2e = Some(acquired);
            s3.building_kgco2e = Some(if acquisition {
                acquired
            } else {
                for_period(&|y| {
                    acc::building_embodied_in_year_kg(
                        whole,
                        b.lifespan_years,
                        f64::from(y - b.first_year),
                    )
                })
            });
        }
        (Some(_), None) => {
            return Err(Error::MissingValue {
                at: Location::file("facility").with_column("it_capacity_kw"),
            })
        }
        (None, _) => notes.push(Note {
            code: "no_building_embodied",
            message: "building and M&E embodied footprint not given: no open source gives a default per kW of IT capacity; supply building_embodied_kgco2e_per_kw_it (from the building's life-cycle assessment)".into(),
        }),
    }
    if !acquisition && (inputs.equipment.is_some() || f.building.is_some()) {
        notes.push(Note {
            code: "scope3_amortised",
            message: "capital goods (IT equipment, building) amortised over their lifespans: this is the management view, NOT GHG Protocol scope 3, which books them in their acquisition year (Scope 3 Standard, category 2); --mode acquisition gives that figure".into(),
        });
    }
    if let Some(e) = &inputs.equipment {
        // Scope 3 of the equipment lists its source like every figure: the
        // archetypes' embodied footprint (or the lines' own values).
        let archetypes = catalog
            .datasets()
            .iter()
            .find(|d| d.id == crate::catalog::ARCHETYPES_DATASET_ID);
        sources.push(SourceUse {
            item: format!(
                "IT equipment embodied footprint ({} devices, {} lines): the archetypes' values, or the lines' own embodied_gwp_kgco2e where given, booked {}",
                e.devices,
                e.lines,
                if acquisition { "in the acquisition year" } else { "amortised over the lifespans (management view)" }
            ),
            dataset: archetypes.map_or("archetypes".into(), |d| format!("{} {}", d.id, d.edition)),
            reference: archetypes.map_or("the catalog's archetype table".into(), |d| d.attribution.clone()),
            licence: archetypes.map_or("as the catalog's".into(), |d| d.licence.clone()),
        });
        if let Some(d) = archetypes {
            datasets.push(d.clone());
        }
    }
    if inputs.equipment.is_none() {
        notes.push(Note {
            code: "no_equipment",
            message:
                "no IT equipment inventory: scope 3 of servers, storage and network not computed"
                    .into(),
        });
    }
    // KPIs.
    let s2_energy = |s2kg: f64| acc::cue_kgco2e_per_kwh(s2kg + s1.diesel_kgco2e, m.it_kwh);
    let kpis = Kpis {
        pue: acc::pue(m.facility_kwh, m.it_kwh),
        wue_l_per_kwh: acc::wue_l_per_kwh(m.water_m3, m.it_kwh),
        erf: acc::erf(m.reused_heat_kwh, m.facility_kwh),
        ref_: acc::renewable_energy_factor(renewable_kwh, m.facility_kwh),
        cue_kgco2e_per_kwh: s2_energy(s2.location_kgco2e),
        cue_market_kgco2e_per_kwh: s2.market_kgco2e.map(s2_energy),
        renewable_kwh,
    };
    // Renewable cooling.
    let onsite_cov = if onsite_sold {
        0.0
    } else {
        r.cooling_onsite_renewable_kwh.min(m.cooling_kwh)
    };
    let contracted_cov = cooling_contract_kwh
        .min(m.cooling_kwh - onsite_cov)
        .max(0.0);
    let location_factor = if grid_kwh > 0.0 {
        s2.location_kgco2e / grid_kwh
    } else {
        i_year
    };
    let cooling = Cooling {
        cooling_kwh: m.cooling_kwh,
        onsite_covered_kwh: onsite_cov,
        contracted_covered_kwh: contracted_cov,
        free_cooling_h: m.free_cooling_h,
        pue_points_cooling: m.cooling_kwh / m.it_kwh,
        ref_without: acc::renewable_energy_factor(
            renewable_kwh - onsite_cov - contracted_cov,
            m.facility_kwh,
        ),
        location_without_kgco2e: s2.location_kgco2e + onsite_cov * location_factor,
        market_without_kgco2e: s2
            .market_kgco2e
            .zip(s2.residual_mix_kg_per_kwh)
            .map(|(mk, res)| {
                acc::market_without_cooling_kg(
                    mk,
                    (cooling_contract_kwh, cooling_contract_kg),
                    contracted_cov,
                    onsite_cov,
                    res,
                )
            }),
    };
    // The EU scheme's KPIs are of a calendar year: another period is noted.
    let calendar_year = covers_calendar_year(r.year, r.start_utc_s, r.end_utc_s);
    if !calendar_year {
        notes.push(Note {
            code: "period_not_calendar_year",
            message: format!(
                "the readings cover {} to {}, not the calendar year {}: the indicators are those of the period, not the annual KPIs of the EU reporting scheme (Delegated Regulation (EU) 2024/1364); yearly items (refrigerant top-ups, building, equipment) are booked for the period covered",
                format_instant(r.start_utc_s),
                format_instant(r.end_utc_s),
                r.year
            ),
        });
    }
    // Tenants.
    let tenants = allocate(inputs, &s1, &s2, &s3, hourly_intensity.as_deref())?;
    Ok(Datacentre {
        name: if f.name.is_empty() {
            "data centre".into()
        } else {
            f.name.clone()
        },
        zone: zone_code,
        year: r.year,
        it_capacity_kw: f.it_capacity_kw,
        metered: m,
        period: (format_instant(r.start_utc_s), format_instant(r.end_utc_s)),
        calendar_year,
        intervals: r.rows,
        kpis,
        scope1: s1,
        scope2: s2,
        scope3: s3,
        cooling,
        allocation: inputs.allocation,
        mode: inputs.mode,
        tenants,
        notes,
        sources,
        datasets,
    })
}

/// Whether `[start, end)` (UTC seconds) is the calendar year `year` in some
/// time zone: each end within 14 hours (the widest offsets, −12:00 to
/// +14:00) of 1 January at 00:00 UTC, of `year` and of the next year.
fn covers_calendar_year(year: i32, start_utc_s: i64, end_utc_s: i64) -> bool {
    let jan1 = |y: i32| crate::grid::hourly::days_from_civil(i64::from(y), 1, 1) * 86_400;
    let slack = 14 * 3_600;
    (start_utc_s - jan1(year)).abs() <= slack && (end_utc_s - jan1(year + 1)).abs() <= slack
}

/// Weights of tenants plus the unallocated line, by energy and by share.
fn weights(inputs: &Inputs) -> Result<(Vec<f64>, Vec<f64>)> {
    let it = inputs.readings.total.it_kwh;
    let need_energy = inputs.allocation != Allocation::Share;
    let need_share = inputs.allocation != Allocation::Energy;
    let mut energy = Vec::with_capacity(inputs.tenants.len() + 1);
    let mut share = Vec::with_capacity(inputs.tenants.len() + 1);
    let (mut e_sum, mut s_sum) = (0.0, 0.0);
    let metered_index = super::checks::name_index(&inputs.readings.tenant_names);
    for t in &inputs.tenants {
        let metered = metered_index
            .get(t.name.as_str())
            .copied()
            .and_then(|i| inputs.readings.hourly.as_ref()?.tenant_it_kwh.get(i))
            .map(|h| h.iter().sum::<f64>());
        let e = metered.or(t.it_kwh);
        if need_energy {
            let e = e.ok_or_else(|| Error::MissingValue { at: t.at.clone() })?;
            e_sum += e;
            if e_sum > it * (1.0 + 1e-9) {
                return Err(Error::OutOfRange {
                    at: t.at.clone(),
                    value: e,
                    allowed: format!("tenants' it_kwh in all <= the metered IT energy ({it} kWh); this one brings them to {e_sum}"),
                });
            }
            energy.push(e);
        }
        if need_share {
            let s = t.capacity_share.ok_or_else(|| Error::MissingValue {
                at: t.at.clone().with_column("capacity_share"),
            })?;
            s_sum += s;
            if s_sum > 1.0 + 1e-9 {
                return Err(Error::OutOfRange {
                    at: t.at.clone().with_column("capacity_share"),
                    value: s,
                    allowed: format!("shares in all <= 1; this one brings them to {s_sum}"),
                });
            }
            share.push(s);
        }
    }
    if need_energy {
        energy.push((it - e_sum).max(0.0));
    }
    if need_share {
        share.push((1.0 - s_sum).max(0.0));
    }
    match inputs.allocation {
        Allocation::Energy => Ok((energy.clone(), energy)),
        Allocation::Share => Ok((share.clone(), share)),
        Allocation::Mix => Ok((energy, share)),
    }
}

/// Allocates every total to tenants and the unallocated line, each with
/// [`acc::conserving_split`] (sums conserve the totals exactly).
fn allocate(
    inputs: &Inputs,
    s1: &Scope1,
    s2: &Scope2,
    s3: &Scope3,
    hourly_intensity: Option<&[f64]>,
) -> Result<Vec<TenantResult>> {
    let m = inputs.readings.total;
    let mut names: Vec<String> = inputs.tenants.iter().map(|t| t.name.clone()).collect();
    names.push(UNALLOCATED.into());
    if inputs.tenants.is_empty() {
        return Ok(vec![tenant(
            UNALLOCATED.into(),
            [m.it_kwh, m.facility_kwh],
            s1.refrigerant_kgco2e + s1.diesel_kgco2e,
            s1.diesel_kgco2e,
            (s2.location_kgco2e, s2.market_kgco2e),
            s3.total(),
            m.it_kwh,
        )]);
    }
    let (energy, capacity) = weights(inputs)?;
    // With hourly per-tenant IT energy, location-based follows each hour's
    // load: tenant weight = Σ_h (tenant IT_h / IT_h) × grid_h × I_h.
    let location_weights = match (&inputs.readings.hourly, hourly_intensity) {
        (Some(load), Some(is))
            if inputs.allocation != Allocation::Share && !load.tenant_it_kwh.is_empty() =>
        {
            let index = super::checks::name_index(&inputs.readings.tenant_names);
            let mut w: Vec<f64> = inputs
                .tenants
                .iter()
                .map(|t| {
                    index
                        .get(t.name.as_str())
                        .copied()
                        .and_then(|i| load.tenant_it_kwh.get(i))
                        .map_or(0.0, |h| {
                            h.iter()
                                .zip(&load.it_kwh)
                                .zip(load.grid_kwh.iter().zip(is))
                                .map(
                                    |((t, it), (g, i))| {
                                        if *it > 0.0 {
                                            t / it * g * i
                                        } else {
                                            0.0
                                        }
                                    },
                                )
                                .sum()
                        })
                })
                .collect();
            let allocated: f64 = w.iter().sum();
            w.push((s2.location_kgco2e - allocated).max(0.0));
            w
        }
        _ => energy.clone(),
    };
    let split = |total: f64, w: &[f64]| -> Vec<f64> {
        let parts = acc::conserving_split(total, w);
        if parts.is_empty() {
            let mut v = vec![0.0; w.len()];
            if let Some(last) = v.last_mut() {
                *last = total;
            }
            v
        } else {
            parts
        }
    };
    let it = split(m.it_kwh, &energy);
    let facility = split(m.facility_kwh, &energy);
    let scope1 = split(s1.refrigerant_kgco2e + s1.diesel_kgco2e, &energy);
    let diesel = split(s1.diesel_kgco2e, &energy);
    let location = split(s2.location_kgco2e, &location_weights);
    let market = s2.market_kgco2e.map(|mk| split(mk, &energy));
    let scope3 = split(s3.total(), &capacity);
    Ok(names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let g = |v: &[f64]| v.get(i).copied().unwrap_or(0.0);
            tenant(
                name,
                [g(&it), g(&facility)],
                g(&scope1),
                g(&diesel),
                (g(&location), market.as_deref().map(g)),
                g(&scope3),
                m.it_kwh,
            )
        })
        .collect())
}

/// One tenant's part, its CUE computed from its own shares by the one
/// formula ([`acc::cue_kgco2e_per_kwh`]: its scope 2 and its generator
/// fuel over its IT energy; refrigerant leaks are not energy use), so that
/// tenants carrying the whole facility have the facility's CUE.
fn tenant(
    name: String,
    [it_kwh, facility_kwh]: [f64; 2],
    scope1_kgco2e: f64,
    diesel_kgco2e: f64,
    (location, market): (f64, Option<f64>),
    scope3_kgco2e: f64,
    facility_it_kwh: f64,
) -> TenantResult {
    let cue = |s2: f64| (it_kwh > 0.0).then(|| acc::cue_kgco2e_per_kwh(s2 + diesel_kgco2e, it_kwh));
    TenantResult {
        name,
        it_kwh,
        facility_kwh,
        scope1_kgco2e,
        diesel_kgco2e,
        scope2_location_kgco2e: location,
        scope2_market_kgco2e: market,
        scope3_kgco2e,
        share_of_it: it_kwh / facility_it_kwh,
        cue_kgco2e_per_kwh: cue(location),
        cue_market_kgco2e_per_kwh: market.and_then(cue),
    }
}
