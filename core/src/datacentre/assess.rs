//! The data-centre assessment: energy, KPIs, scopes 1-3, cooling, and the
//! allocation to tenants.

use super::validate::check_structs;
use super::*;
use crate::accounting as acc;
use crate::catalog::{Catalog, DatasetInfo, SourceUse};
use crate::error::{Error, Location, Result};
use crate::grid::hourly::{format_instant, HourlySeries, SECONDS_PER_HOUR};
use crate::note::Note;

/// The hourly series for the zone: the user's, else the embedded one.
fn hourly_series(
    inputs: &Inputs,
    zone: &str,
    notes: &mut Vec<Note>,
) -> Option<(HourlySeries, Option<DatasetInfo>)> {
    if let Some(s) = &inputs.hourly {
        return Some((s.clone(), None));
    }
    match crate::catalog::embedded(HOURLY_DATASET_ID) {
        Ok(d) => match HourlySeries::from_csv(
            &format!("{} {}", d.info.id, d.info.edition),
            d.text.as_bytes(),
            zone,
        ) {
            Ok(s) => Some((s, Some(d.info))),
            Err(_) => {
                notes.push(Note {
                    code: "no_hourly_series",
                    message: format!("no embedded hourly series for zone {zone} (BE, DE, FR, NL 2022 only): yearly intensity used; supply one (option hourly_grid)"),
                });
                None
            }
        },
        Err(_) => {
            notes.push(Note {
                code: "no_hourly_series",
                message: "this build embeds no hourly grid series (cargo feature hourly-grid): yearly intensity used; supply one".into(),
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
    let mut notes = r.notes.clone();
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
    // Grid, yearly.
    let zone_at = Location::file("facility").with_column("zone");
    let zone = catalog.grid().zone_id(&f.zone, &zone_at)?;
    let annual = catalog.grid().intensity(zone, r.year)?;
    sources.push(catalog.grid_source(zone, &annual));
    if let Some(d) = catalog.datasets().first() {
        datasets.push(d.clone());
    }
    let zone_code = catalog
        .grid()
        .zone(zone)
        .map_or(f.zone.clone(), |z| z.code.clone());
    let i_year = annual.factor.kg_per_kwh();
    let grid_kwh = acc::grid_kwh(m.facility_kwh, m.onsite_renewable_kwh);
    let location_annual = acc::scope2_location_annual_kg(grid_kwh, i_year);
    // Grid, hourly.
    let mut s2 = Scope2 {
        grid_kwh,
        annual_g_per_kwh: annual.factor.g_per_kwh(),
        annual_data_year: annual.data_year,
        location_annual_kgco2e: location_annual,
        location_kgco2e: location_annual,
        location_method: "annual",
        ..Scope2::default()
    };
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
                s2.location_kgco2e = hourly;
                s2.location_method = "hourly";
                s2.hourly_source = Some(series.source.clone());
                sources.push(SourceUse {
                    item: format!("hourly grid intensity {} ({} h)", series.zone, is.len()),
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
                        "the hourly series {} covers {covered} of the {} hours of the readings ({} to {}): yearly intensity used",
                        series.source,
                        intensities.len(),
                        format_instant(load.first_hour * SECONDS_PER_HOUR),
                        format_instant((load.first_hour + intensities.len() as i64) * SECONDS_PER_HOUR)
                    ),
                });
            }
        }
    }
    // Market-based.
    let mut renewable_kwh = m.onsite_renewable_kwh;
    let mut cooling_contract_kwh = 0.0;
    let mut cooling_contract_kg = 0.0;
    if let Some(ins) = &inputs.instruments {
        let residual = ins.residual_mix_kg_per_kwh.ok_or_else(|| Error::InvalidOption {
            at: Location::file(&ins.source).with_column("instrument"),
            option: "residual_mix".into(),
            value: "(none)".into(),
            allowed: "a row `residual_mix` with factor_gco2e_per_kwh: market-based scope 2 needs the residual mix of the grid electricity no instrument covers (from your supplier or the national issuing body; none is embedded, no redistributable European residual mix is known)".into(),
        })?;
        let first_day = r.start_utc_s.div_euclid(86_400);
        let last_day = (r.end_utc_s - 1).div_euclid(86_400);
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
            covered += i.kwh;
            if covered > grid_kwh * (1.0 + 1e-12) {
                return Err(Error::OutOfRange {
                    at: i.at.clone(),
                    value: i.kwh,
                    allowed: format!(
                        "instruments in all <= the grid electricity consumed ({grid_kwh} kWh = facility_kwh - onsite_renewable_kwh); this one brings them to {covered} kWh"
                    ),
                });
            }
            pairs.push((i.kwh, i.factor_kg_per_kwh));
            if i.renewable {
                renewable_kwh += i.kwh;
            }
            if i.covers_cooling {
                cooling_contract_kwh += i.kwh;
                cooling_contract_kg += i.kwh * i.factor_kg_per_kwh;
            }
        }
        s2.market_kgco2e = Some(acc::scope2_market_kg(grid_kwh, &pairs, residual));
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
    // Scope 1.
    let mut s1 = Scope1::default();
    for rf in &f.refrigerants {
        let (gwp, name, source) = factors.gwp100(&rf.gas, &rf.at)?;
        let kg = acc::refrigerant_leak_kg(rf.topped_up_kg, gwp);
        s1.refrigerant_kgco2e += kg;
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
    let mut s3 = Scope3 {
        equipment_kgco2e: inputs.equipment.map(|e| e.kgco2e),
        building_kgco2e: None,
    };
    match (f.building, f.it_capacity_kw) {
        (Some(b), Some(kw)) => {
            let whole = acc::building_embodied_kg(b.embodied_kgco2e_per_kw_it, kw);
            s3.building_kgco2e = Some(acc::building_embodied_in_year_kg(
                whole,
                b.lifespan_years,
                f64::from(r.year - b.first_year),
            ));
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
    let onsite_cov = r.cooling_onsite_renewable_kwh.min(m.cooling_kwh);
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
        pue_change: 0.0,
        ref_without: acc::renewable_energy_factor(
            renewable_kwh - onsite_cov - contracted_cov,
            m.facility_kwh,
        ),
        location_without_kgco2e: s2.location_kgco2e + onsite_cov * location_factor,
        market_without_kgco2e: s2
            .market_kgco2e
            .zip(s2.residual_mix_kg_per_kwh)
            .map(|(mk, res)| mk - cooling_contract_kg + (cooling_contract_kwh + onsite_cov) * res),
    };
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
        intervals: r.rows,
        kpis,
        scope1: s1,
        scope2: s2,
        scope3: s3,
        cooling,
        allocation: inputs.allocation,
        tenants,
        notes,
        sources,
        datasets,
    })
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
        return Ok(vec![TenantResult {
            name: UNALLOCATED.into(),
            it_kwh: m.it_kwh,
            facility_kwh: m.facility_kwh,
            scope1_kgco2e: s1.refrigerant_kgco2e + s1.diesel_kgco2e,
            scope2_location_kgco2e: s2.location_kgco2e,
            scope2_market_kgco2e: s2.market_kgco2e,
            scope3_kgco2e: s3.total(),
            share_of_it: 1.0,
        }]);
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
    let location = split(s2.location_kgco2e, &location_weights);
    let market = s2.market_kgco2e.map(|mk| split(mk, &energy));
    let scope3 = split(s3.total(), &capacity);
    Ok(names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let g = |v: &[f64]| v.get(i).copied().unwrap_or(0.0);
            TenantResult {
                name,
                it_kwh: g(&it),
                facility_kwh: g(&facility),
                scope1_kgco2e: g(&scope1),
                scope2_location_kgco2e: g(&location),
                scope2_market_kgco2e: market.as_deref().map(g),
                scope3_kgco2e: g(&scope3),
                share_of_it: g(&it) / m.it_kwh,
            }
        })
        .collect())
}
