//! Data centres: `datacentre(inputs, options)`.
//!
//! Every input is either the command's CSV (text or the file's bytes, read
//! by the core readers: errors name the line and column) or, for the
//! readings (annual totals), the facility and the tenants, a plain object
//! whose keys are the CSV column (or facility field) names, units in the
//! names. The core assesses ([`empreinte::datacentre::assess`]) and the
//! result is the core's report as JSON (`Report::to_json_sections`).

use crate::catalog::catalog;
use crate::convert::{
    csv_bytes, describe, get, json, number, sections_report, text, year_at, InputOptions,
};
use crate::errors::to_js;
use crate::inventory;
use empreinte::datacentre::{
    self, read_facility, read_instruments, read_readings, read_tenants, Allocation, Building,
    EquipmentEmbodied, Facility, GapFill, Inputs, Metered, Readings, ReadingsOptions, Refrigerant,
    Tenant, FACILITY_FIELDS, READING_COLUMNS,
};
use empreinte::grid::hourly::{HourlySeries, TimeZone};
use empreinte::inventory::reader::ReadOptions;
use empreinte::inventory::{Inventory, TextEncoding};
use empreinte::{Error, Location, Mode, Report};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// The keys of a plain object; a key not in `known` is the core's
/// `unknown_column` error (a typo must not read as an absent value).
fn keys(obj: &JsValue, known: &[&str], source: &str) -> empreinte::Result<()> {
    if !obj.is_object() {
        return Err(Error::invalid_option(
            source,
            &describe(obj),
            "CSV text or bytes, or an object keyed by the column names",
        ));
    }
    for key in Object::keys(&Object::from(obj.clone()))
        .iter()
        .filter_map(|k| k.as_string())
    {
        if !known.contains(&key.as_str()) {
            return Err(Error::UnknownColumn {
                at: Location::file(source).with_column(&key),
                column: key,
                suggestion: None,
                also: Vec::new(),
            });
        }
    }
    Ok(())
}

/// A number under `key` of `obj`, located at `source` and `key`.
fn num(obj: &JsValue, key: &str, at: &Location) -> empreinte::Result<Option<f64>> {
    number(&get(obj, key), &at.clone().with_column(key))
}

/// Annual totals `{ year, it_kwh, facility_kwh, cooling_kwh, ... }`: the
/// core's [`Readings::annual`] over [`Metered`] (a quantity not given is
/// not metered).
fn annual(obj: &JsValue) -> empreinte::Result<Readings> {
    let mut known: Vec<&str> = READING_COLUMNS.iter().map(|c| c.name).collect();
    known.push("year");
    keys(obj, &known, "readings")?;
    let at = Location::file("readings");
    let year = year_at(obj, "year", &at)?.ok_or_else(|| Error::MissingValue {
        at: at.clone().with_column("year"),
    })?;
    let mut m = Metered::default();
    for (key, slot) in [
        ("it_kwh", &mut m.it_kwh),
        ("facility_kwh", &mut m.facility_kwh),
        ("cooling_kwh", &mut m.cooling_kwh),
        ("onsite_renewable_kwh", &mut m.onsite_renewable_kwh),
        ("reused_heat_kwh", &mut m.reused_heat_kwh),
        ("water_m3", &mut m.water_m3),
        ("diesel_l", &mut m.diesel_l),
        ("generator_kwh", &mut m.generator_kwh),
        ("free_cooling_h", &mut m.free_cooling_h),
    ] {
        if let Some(v) = num(obj, key, &at)? {
            *slot = v;
        }
    }
    Ok(Readings::annual(year, m))
}

/// A facility object: the fields of a facility file
/// ([`FACILITY_FIELDS`], flat) and `refrigerants: [{ gas, charge_kg?, topped_up_kg }]`.
fn facility(obj: &JsValue) -> empreinte::Result<Facility> {
    let mut known: Vec<&str> = FACILITY_FIELDS.iter().map(|(n, _)| *n).collect();
    known.push("refrigerants");
    keys(obj, &known, "facility")?;
    let at = Location::file("facility");
    let mut refrigerants = Vec::new();
    let list = get(obj, "refrigerants");
    if !list.is_null_or_undefined() {
        let list = array(
            &list,
            "refrigerants",
            "an array of { gas, charge_kg, topped_up_kg }",
        )?;
        for (i, r) in list.iter().enumerate() {
            let at = Location::row("facility.refrigerants", i as u64);
            let gas = text(&get(&r, "gas")).ok_or_else(|| Error::MissingValue {
                at: at.clone().with_column("gas"),
            })?;
            refrigerants.push(Refrigerant {
                gas,
                charge_kg: num(&r, "charge_kg", &at)?.unwrap_or_default(),
                topped_up_kg: num(&r, "topped_up_kg", &at)?.unwrap_or_default(),
                at: at.with_column("gas"),
            });
        }
    }
    let embodied = num(obj, "building_embodied_kgco2e_per_kw_it", &at)?;
    let building = match embodied {
        None => None,
        Some(e) => Some(Building {
            embodied_kgco2e_per_kw_it: e,
            lifespan_years: num(obj, "building_lifespan_years", &at)?.ok_or_else(|| {
                Error::MissingValue {
                    at: at.clone().with_column("building_lifespan_years"),
                }
            })?,
            first_year: year_at(obj, "building_first_year", &at)?.ok_or_else(|| {
                Error::MissingValue {
                    at: at.clone().with_column("building_first_year"),
                }
            })?,
        }),
    };
    Ok(Facility {
        name: text(&get(obj, "name")).unwrap_or_default(),
        zone: text(&get(obj, "zone")).unwrap_or_default(),
        it_capacity_kw: num(obj, "it_capacity_kw", &at)?,
        refrigerants,
        building,
        diesel_kgco2e_per_l: num(obj, "diesel_kgco2e_per_l", &at)?,
        onsite_certificates_retired: {
            let v = get(obj, "onsite_certificates_retired");
            match v.as_bool() {
                Some(b) => Some(b),
                None if v.is_null_or_undefined() => None,
                None => {
                    return Err(Error::invalid_option(
                        "onsite_certificates_retired",
                        &describe(&v),
                        "true or false",
                    ))
                }
            }
        },
        // An object is read as given: no reading notes.
        notes: Vec::new(),
    })
}

/// `list` when it is an array; anything else is refused (`Array::from`
/// would make it an empty list: the input dropped without a word).
fn array(list: &JsValue, source: &str, expected: &str) -> empreinte::Result<Array> {
    if Array::is_array(list) {
        Ok(Array::from(list))
    } else {
        Err(Error::invalid_option(source, &describe(list), expected))
    }
}

/// Tenants `[{ tenant, it_kwh?, capacity_share? }]`.
fn tenants(list: &JsValue) -> empreinte::Result<Vec<Tenant>> {
    array(
        list,
        "tenants",
        "the tenants CSV, text or bytes, or an array of { tenant, it_kwh, capacity_share }",
    )?
    .iter()
    .enumerate()
    .map(|(i, t)| {
        let at = Location::row("tenants", i as u64);
        keys(&t, &["tenant", "it_kwh", "capacity_share"], "tenants")?;
        Ok(Tenant {
            name: text(&get(&t, "tenant")).ok_or_else(|| Error::MissingValue {
                at: at.clone().with_column("tenant"),
            })?,
            it_kwh: num(&t, "it_kwh", &at)?,
            capacity_share: num(&t, "capacity_share", &at)?,
            at: at.with_column("it_kwh"),
        })
    })
    .collect()
}

/// How CSV inputs are read: `{ time_zone?, interval_minutes?, fill_gaps?, encoding? }`.
fn readings_options(options: &JsValue) -> empreinte::Result<ReadingsOptions> {
    let parse = |key: &str| text(&get(options, key));
    Ok(ReadingsOptions {
        time_zone: parse("time_zone").map_or(Ok(TimeZone::default()), |z| TimeZone::parse(&z))?,
        interval_minutes: number(
            &get(options, "interval_minutes"),
            &Location::option("interval_minutes"),
        )?,
        fill_gaps: parse("fill_gaps").map_or(Ok(GapFill::default()), |g| GapFill::parse(&g))?,
        encoding: parse("encoding")
            .map_or(Ok(TextEncoding::default()), |e| TextEncoding::parse(&e))?,
    })
}

/// Assesses a data centre. `inputs`: `{ readings, facility, instruments?,
/// tenants?, equipment?, hourly? }`: `readings` annual totals
/// (`{ year, it_kwh, facility_kwh, cooling_kwh?, onsite_renewable_kwh?,
/// reused_heat_kwh?, water_m3?, diesel_l?, free_cooling_h? }`) or a readings
/// CSV (text or bytes); `facility` an object of the facility fields or its
/// CSV; `instruments` the instruments CSV (go, ppa, supplier rows and the
/// residual_mix); `tenants` an array of `{ tenant, it_kwh?, capacity_share? }`
/// or their CSV; `equipment` an inventory (as in `assess`); `hourly` an
/// hourly grid series CSV (none is embedded in this package). `options`:
/// `{ allocation?, time_zone?, interval_minutes?, fill_gaps?, encoding?,
/// name?, factors? }`.
///
/// # Errors
///
/// Throws an `EmpreinteError` naming the input, line (CSV) or row (array) and column.
#[wasm_bindgen(unchecked_return_type = "SectionsReport")]
pub fn datacentre(
    #[wasm_bindgen(unchecked_param_type = "DatacentreInputs")] inputs: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DatacentreOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or_default();
    let run = || {
        let (inputs, catalog, _) = read_inputs(&inputs, &options)?;
        let result = datacentre::assess(&inputs, &catalog)?;
        Ok(json(&sections_report(&Report::from(&result))?))
    };
    run().map_err(to_js)
}

/// Assesses a data centre under Monte Carlo (methodology §8.8: only the IT
/// equipment's embodied footprint is uncertain in the data). `inputs` and
/// `options` as [`datacentre`], plus the run's `samples`, `seed` and
/// `distribution` (as `monteCarlo`). The result is the command's JSON
/// (`empreinte datacentre --uncertainty monte-carlo --format json`: `total`
/// with scopes 1, 2, 3 and the total by scope 2 method as `_mean`, `_p5`,
/// `_p50`, `_p95`, `drivers`, `drivers_sentence`, ...) plus `csv` (the
/// command's CSV of `total`) and `samples` (the location-based total of
/// every sample, kg CO2e, in draw order).
///
/// # Errors
///
/// As [`datacentre`]; a bad run option.
#[wasm_bindgen(js_name = datacentreMonteCarlo, unchecked_return_type = "DatacentreMonteCarloReport")]
pub fn datacentre_monte_carlo(
    #[wasm_bindgen(unchecked_param_type = "DatacentreInputs")] inputs: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DatacentreMonteCarloOptions")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    use empreinte::datacentre::montecarlo::{assess_monte_carlo, McEquipment};
    use empreinte::report::montecarlo::{datacentre_json, datacentre_table};
    let options = options.unwrap_or_default();
    let run = || {
        let mc = crate::uncertainty::monte_carlo_options(&options)?;
        let (inputs, catalog, equipment) = read_inputs(&inputs, &options)?;
        let mut mc_equipment = McEquipment::new(mc, inputs.mode);
        if let Some(inv) = &equipment {
            mc_equipment.add(inv, &inputs.readings.year_fractions())?;
        }
        let r = assess_monte_carlo(&inputs, &catalog, mc_equipment)?;
        let mut value = datacentre_json(&r, &empreinte::report::WriteOptions::FULL_PRECISION);
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "csv".into(),
                crate::convert::table_csv(&datacentre_table(&r))?.into(),
            );
            obj.insert("samples".into(), r.total_samples_kgco2e.clone().into());
        }
        Ok::<_, Error>(json(&value))
    };
    run().map_err(to_js)
}

/// Reads `inputs` and `options` into core's data-centre inputs, with the
/// catalog and the equipment's inventory (kept for a Monte Carlo run).
fn read_inputs(
    inputs: &JsValue,
    options: &JsValue,
) -> empreinte::Result<(
    Inputs,
    std::sync::Arc<empreinte::Catalog>,
    Option<Inventory>,
)> {
    let ro = readings_options(options)?;
    let read = ReadOptions {
        encoding: ro.encoding,
    };
    let csv = |key: &str| csv_bytes(&get(inputs, key), read);
    let readings_name = text(&get(options, "name")).unwrap_or_else(|| "readings".into());
    let readings = match csv("readings")? {
        Some(b) => read_readings(&readings_name, b.as_slice(), ro, |_| {})?,
        None => annual(&get(inputs, "readings"))?,
    };
    let facility = match csv("facility")? {
        Some(b) => read_facility("facility", b.as_slice(), ro.encoding)?,
        None => facility(&get(inputs, "facility"))?,
    };
    let instruments = match (csv("instruments")?, get(inputs, "instruments")) {
        (Some(b), _) => Some(read_instruments("instruments", b.as_slice(), ro.encoding)?),
        (None, v) if v.is_null_or_undefined() => None,
        (None, v) => {
            return Err(Error::invalid_option(
                "instruments",
                &describe(&v),
                "the instruments CSV (instrument,kwh,factor_gco2e_per_kwh,...), text or bytes",
            ))
        }
    };
    let tenant_list = get(inputs, "tenants");
    // The reading notes of the tenants and equipment (ignored columns,
    // a Windows-1252 decoding) go with the results.
    let mut notes = Vec::new();
    let tenants = match csv("tenants")? {
        Some(b) => {
            let (t, read) = read_tenants("tenants", b.as_slice(), ro.encoding)?;
            notes.extend(read);
            t
        }
        None if tenant_list.is_null_or_undefined() => Vec::new(),
        None => tenants(&tenant_list)?,
    };
    let catalog = catalog(options)?;
    let equipment_input = get(inputs, "equipment");
    let mut inventory = None;
    let equipment = if equipment_input.is_null_or_undefined() {
        None
    } else {
        let input = InputOptions {
            name: "equipment".into(),
            country: Some(facility.zone.clone()),
            read,
        };
        // Energy not needed: the equipment's electricity is the metered IT energy.
        let empty = EquipmentEmbodied::inventory(catalog.clone(), &facility.zone)?;
        let (inv, read) = inventory::read_into(empty, &input, &equipment_input)?;
        notes.extend(read);
        let mut e = EquipmentEmbodied::default();
        e.add(&inv, &readings.year_fractions());
        inventory = Some(inv);
        Some(e)
    };
    let hourly = match csv("hourly")? {
        Some(b) => Some(HourlySeries::from_csv(
            "hourly",
            b.as_slice(),
            &facility.zone,
        )?),
        None => None,
    };
    let allocation = text(&get(options, "allocation"))
        .map_or(Ok(Allocation::default()), |a| Allocation::parse(&a))?;
    let inputs = Inputs {
        facility,
        readings,
        instruments,
        tenants,
        allocation,
        equipment,
        hourly,
        mode: text(&get(options, "mode")).map_or(Ok(Mode::default()), |m| Mode::parse(&m))?,
        notes,
    };
    Ok((inputs, catalog, inventory))
}
