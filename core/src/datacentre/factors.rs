//! The data-centre factor tables (refrigerant GWP100, diesel) and the
//! embodied footprint of the IT equipment.

use super::*;
use crate::accounting as acc;
use crate::catalog::{Catalog, DatasetInfo};
use crate::error::{Error, Location, Result};
use crate::inventory::Inventory;
use crate::quantity::Phase;

/// The data-centre factors: refrigerant GWP100 and the diesel factor.
#[derive(Debug, Clone)]
pub struct Factors {
    /// `(normalised gas name, written name, GWP100, source)`.
    gases: Vec<(String, String, f64, String)>,
    /// kg CO2e per litre of diesel and its source.
    pub diesel: (f64, String),
    /// Provenance.
    pub info: DatasetInfo,
}

fn normalise_gas(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '-' | ' ' | '(' | ')' | '_'))
        .flat_map(char::to_uppercase)
        .collect()
}

impl Factors {
    /// The embedded table.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] if it is missing or corrupt (a test guarantees it is not).
    pub fn embedded() -> Result<Factors> {
        let d = crate::catalog::embedded(FACTORS_DATASET_ID)?;
        Self::from_csv(d.text, d.info)
    }

    /// Parses `factor,value,unit,aliases,source` rows: `gwp100:<gas>` and
    /// `diesel_kgco2e_per_l`.
    ///
    /// # Errors
    ///
    /// [`Error::Dataset`] on a malformed row.
    pub fn from_csv(text: &str, info: DatasetInfo) -> Result<Factors> {
        let bad = |line: usize, m: &str| Error::dataset(&info.id, line as u64, m);
        let mut gases = Vec::new();
        let mut diesel = None;
        for (i, row) in csv::Reader::from_reader(text.as_bytes())
            .records()
            .enumerate()
        {
            let row = row.map_err(|e| bad(i + 2, &e.to_string()))?;
            let field = |n: usize| row.get(n).unwrap_or_default().to_owned();
            let value: f64 = field(1).parse().map_err(|_| bad(i + 2, "bad value"))?;
            let factor = field(0);
            if let Some(gas) = factor.strip_prefix("gwp100:") {
                for name in std::iter::once(gas.to_owned()).chain(
                    field(3)
                        .split(';')
                        .filter(|a| !a.trim().is_empty())
                        .map(|a| a.trim().to_owned()),
                ) {
                    gases.push((normalise_gas(&name), gas.to_owned(), value, field(4)));
                }
            } else if factor == "diesel_kgco2e_per_l" {
                diesel = Some((value, field(4)));
            }
        }
        Ok(Factors {
            gases,
            diesel: diesel.ok_or_else(|| bad(0, "no diesel_kgco2e_per_l row"))?,
            info,
        })
    }

    /// GWP100 of a gas (names compared without case, `-`, spaces or
    /// brackets: `R-134a`, `R134A`, `HFC-134a`), with its name and source.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidOption`] at `at` listing the known gases.
    pub fn gwp100(&self, gas: &str, at: &Location) -> Result<(f64, &str, &str)> {
        let key = normalise_gas(gas);
        self.gases
            .iter()
            .find(|(k, ..)| *k == key)
            .map(|(_, name, v, s)| (*v, name.as_str(), s.as_str()))
            .ok_or_else(|| {
                let mut known: Vec<&str> = self.gases.iter().map(|(_, n, ..)| n.as_str()).collect();
                known.dedup();
                Error::InvalidOption {
                    at: at.clone(),
                    option: "gas".into(),
                    value: crate::error::echo(gas),
                    allowed: format!(
                        "{} (IPCC AR6 GWP100; for another gas, add it to the factors table)",
                        known.join(", ")
                    ),
                }
            })
    }
}

/// The yearly embodied footprint of the IT equipment booked in a reporting
/// year, accumulated over inventory batches: amortised (the management
/// view) in `kgco2e` and `phases_kgco2e`, and in the same pass booked in
/// the acquisition year (GHG Protocol scope 3) in `acquisition_kgco2e` and
/// `acquisition_phases_kgco2e` ([`EquipmentEmbodied::add`]; one mode only
/// into the first pair by [`EquipmentEmbodied::add_in`]). Their
/// electricity is the metered IT energy: the archetypes' energy is not used.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EquipmentEmbodied {
    /// kg CO2e booked amortised: central, low, high.
    pub kgco2e: [f64; 3],
    /// kg CO2e booked amortised (central) per embodied phase: manufacture,
    /// transport, end of life.
    pub phases_kgco2e: [f64; 3],
    /// kg CO2e booked in the acquisition year: central, low, high.
    pub acquisition_kgco2e: [f64; 3],
    /// kg CO2e booked in the acquisition year (central) per embodied phase:
    /// manufacture, transport, end of life (scope 3 categories 2, 4, 5).
    pub acquisition_phases_kgco2e: [f64; 3],
    /// Devices in service in the year.
    pub devices: f64,
    /// Inventory lines read.
    pub lines: u64,
}

impl EquipmentEmbodied {
    /// The empty inventory that equipment rows go into: of `catalog`, rows
    /// without a country in `zone` (the facility's), and built
    /// [`Inventory::without_energy`]: the equipment's electricity is the
    /// metered IT energy, so a kind without a default electricity use
    /// (routers, switches, firewalls with an embodied footprint only) needs
    /// no `annual_energy_kwh`. Every surface reads equipment through it.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCountry`] for an unknown zone.
    pub fn inventory(catalog: std::sync::Arc<Catalog>, zone: &str) -> Result<Inventory> {
        Ok(Inventory::new(catalog, Some(zone))?.without_energy())
    }

    /// Reads an equipment inventory CSV (streamed in batches, with the
    /// inventory reader's rules) into [`EquipmentEmbodied::inventory`] and
    /// books it for the calendar years `years` (each with the fraction of
    /// it the readings cover, [`Readings::year_fractions`]): what the
    /// command and Python do with an equipment file; with the notes of the
    /// reading (ignored columns, a Windows-1252 decoding).
    ///
    /// # Errors
    ///
    /// The inventory reader's errors (file, line and column), or an unknown
    /// zone.
    pub fn read_csv<R: std::io::Read>(
        catalog: std::sync::Arc<Catalog>,
        zone: &str,
        years: &[(i32, f64)],
        name: &str,
        reader: R,
        options: crate::inventory::ReadOptions,
    ) -> Result<(EquipmentEmbodied, Vec<crate::note::Note>)> {
        Self::read_csv_observed(catalog, zone, years, name, reader, options, &mut |_| Ok(()))
    }

    /// [`EquipmentEmbodied::read_csv`], each batch also given to
    /// `observer` (the Monte Carlo run's coefficients,
    /// [`super::montecarlo`]).
    ///
    /// # Errors
    ///
    /// As [`EquipmentEmbodied::read_csv`]; the observer's.
    pub(crate) fn read_csv_observed<R: std::io::Read>(
        catalog: std::sync::Arc<Catalog>,
        zone: &str,
        years: &[(i32, f64)],
        name: &str,
        reader: R,
        options: crate::inventory::ReadOptions,
        observer: &mut dyn FnMut(&Inventory) -> Result<()>,
    ) -> Result<(EquipmentEmbodied, Vec<crate::note::Note>)> {
        let mut inventory = Self::inventory(catalog, zone)?;
        let mut embodied = EquipmentEmbodied::default();
        let summary = crate::inventory::read_csv_with(
            name,
            reader,
            options,
            &mut inventory,
            65_536,
            |batch, _| {
                embodied.add(batch, years);
                observer(batch)
            },
        )?;
        Ok((embodied, summary.notes(name)))
    }

    /// Adds the rows of an inventory batch for the calendar years `years`
    /// in both modes: amortised (the management view) and in the
    /// acquisition year (scope 3), [`EquipmentEmbodied::add_in`] each, each
    /// year's figures × the fraction of that year the readings cover
    /// ([`acc::booked_for_period_kg`]; `[(year, 1.0)]` for a calendar
    /// year); devices and lines are those of the first year.
    pub fn add(&mut self, inventory: &Inventory, years: &[(i32, f64)]) {
        for (k, (year, fraction)) in years.iter().enumerate() {
            let mut amortised = EquipmentEmbodied::default();
            let mut acquired = EquipmentEmbodied::default();
            amortised.add_in(inventory, *year, acc::Mode::Amortised);
            acquired.add_in(inventory, *year, acc::Mode::Acquisition);
            let pairs = [
                (&mut self.kgco2e, amortised.kgco2e),
                (&mut self.phases_kgco2e, amortised.phases_kgco2e),
                (&mut self.acquisition_kgco2e, acquired.kgco2e),
                (&mut self.acquisition_phases_kgco2e, acquired.phases_kgco2e),
            ];
            for (out, values) in pairs {
                for (o, v) in out.iter_mut().zip(values) {
                    *o += acc::booked_for_period_kg(&[(v, *fraction)]);
                }
            }
            if k == 0 {
                self.devices += amortised.devices;
                self.lines += amortised.lines;
            }
        }
    }

    /// Adds the rows of an inventory batch for `year` in `mode` into
    /// `kgco2e`, `phases_kgco2e`, `devices` and `lines` (methodology
    /// §6: [`acc::booking`], [`acc::embodied_gwp_phases`],
    /// [`acc::phases_in_year`] with no use phase); acquisition books the
    /// capital goods in their purchase year (GHG Protocol scope 3 category 2).
    pub fn add_in(&mut self, inventory: &Inventory, year: i32, mode: acc::Mode) {
        let catalog = inventory.catalog();
        let r = inventory.rows();
        for i in 0..r.len() {
            let (Some(&kind), Some(&q), Some(&p), Some(&l), Some(&d), Some(own)) = (
                r.kind.get(i),
                r.quantity.get(i),
                r.purchase_year.get(i),
                r.lifespan_years.get(i),
                r.disposal_year.get(i),
                r.embodied_kgco2e.get(i),
            ) else {
                continue;
            };
            self.lines += 1;
            let Some(b) = acc::booking(
                mode,
                acc::Life::new(p, l, (d != acc::NEVER).then_some(d)),
                year,
            ) else {
                continue;
            };
            self.devices += q;
            let Ok(archetype) = catalog.archetype(kind) else {
                continue;
            };
            let values = Phase::EMBODIED.map(|phase| {
                catalog
                    .embodied(0, kind, phase)
                    .map_or([0.0; 3], crate::quantity::Estimate::bounds)
            });
            let phases = acc::embodied_gwp_phases(*own, &archetype.shares, &values);
            let booked = acc::phases_in_year(&b, q, &phases, &[0.0; 3], &[0.0; 3]);
            for (lane, out) in self.kgco2e.iter_mut().enumerate() {
                *out += [0, 1, 3]
                    .iter()
                    .filter_map(|&ph| booked.get(ph).and_then(|v| v.get(lane)))
                    .sum::<f64>();
            }
            for (out, ph) in self.phases_kgco2e.iter_mut().zip([0, 1, 3]) {
                *out += booked
                    .get(ph)
                    .and_then(|v| v.first())
                    .copied()
                    .unwrap_or(0.0);
            }
        }
    }
}
