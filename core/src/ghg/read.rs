//! The organisation's files, as every surface gives them (a name and the
//! bytes of a CSV), read into [`Inputs`] by core's readers: the command,
//! Python and JavaScript read the same inventory the same way, with the
//! same errors. Nothing given: the embedded illustrative organisation.

use super::{example, DataCentre, Inputs};
use crate::catalog::Catalog;
use crate::datacentre::{
    self, read_facility, read_instruments, read_readings, read_tenants, Allocation,
    EquipmentEmbodied, GapFill, ReadingsOptions,
};
use crate::error::{Error, Location, Result};
use crate::grid::hourly::{HourlySeries, TimeZone};
use crate::inventory::{read_all, Inventory};
use crate::note::Note;
use crate::text::TextEncoding;
use std::sync::Arc;

/// A named input: its name (file name or label) and its bytes (CSV).
pub type Named<'a> = (&'a str, &'a [u8]);

/// The organisation's files and options.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// The reporting year (default: the data centre's readings' year;
    /// required without a data centre).
    pub year: Option<i32>,
    /// Country of inventory rows without one.
    pub country: Option<&'a str>,
    /// The device inventory (the `assess` format).
    pub inventory: Option<Named<'a>>,
    /// The organisation's energy instruments for the fleet's electricity.
    pub fleet_instruments: Option<Named<'a>>,
    /// The data centre's readings.
    pub readings: Option<Named<'a>>,
    /// The data centre's facility.
    pub facility: Option<Named<'a>>,
    /// The data centre's energy instruments.
    pub instruments: Option<Named<'a>>,
    /// The data centre's tenants.
    pub tenants: Option<Named<'a>>,
    /// The data centre's IT equipment (an inventory).
    pub equipment: Option<Named<'a>>,
    /// An hourly grid series for the data centre's timing effect.
    pub hourly_grid: Option<Named<'a>>,
    /// How the data centre is allocated to its tenants.
    pub allocation: Allocation,
    /// Time zone of readings written without an offset.
    pub time_zone: TimeZone,
    /// Length of the readings' intervals, minutes (else inferred).
    pub interval_minutes: Option<f64>,
    /// Gaps between readings.
    pub fill_gaps: GapFill,
    /// Text encoding of every file.
    pub encoding: TextEncoding,
}

impl Sources<'_> {
    /// Whether any file was given (else the illustrative organisation).
    #[must_use]
    pub fn any(&self) -> bool {
        self.inventory.is_some()
            || self.readings.is_some()
            || self.facility.is_some()
            || self.fleet_instruments.is_some()
    }
}

/// Reads the organisation's files into [`Inputs`]; without any file, the
/// embedded ILLUSTRATIVE organisation ([`example`]) with a note
/// (`example_data`).
///
/// # Errors
///
/// Every reader's error, naming the file, line and column; a data centre
/// with readings but no facility (or the reverse), or a year neither given
/// nor read from readings ([`Error::MissingValue`] at the option); an
/// instruments file without an inventory ([`Error::MissingValue`] at
/// `inventory`).
pub fn read(catalog: &Arc<Catalog>, s: &Sources<'_>) -> Result<(Inputs, Vec<Note>)> {
    if !s.any() {
        let mut inputs = example(catalog)?;
        if let Some(y) = s.year {
            inputs.year = y;
        }
        return Ok((
            inputs,
            vec![Note {
                code: "example_data",
                message: "no inventory or data-centre files given: this is the embedded ILLUSTRATIVE organisation (the example municipal fleet, its instruments and the example data centre, 2022), not real data".into(),
            }],
        ));
    }
    let enc = s.encoding;
    let fleet = match s.inventory {
        Some((name, bytes)) => {
            let inventory = Inventory::new(catalog.clone(), s.country)?;
            Some(read_all(name, bytes, inventory)?.0)
        }
        None => None,
    };
    let fleet_instruments = match s.fleet_instruments {
        Some((name, bytes)) if fleet.is_some() => Some(read_instruments(name, bytes, enc)?),
        Some(_) => {
            return Err(Error::MissingValue {
                at: Location::option("inventory"),
            })
        }
        None => None,
    };
    let datacentre = match (s.readings, s.facility) {
        (None, None) => None,
        (Some((rn, rb)), Some((fname, fb))) => {
            let options = ReadingsOptions {
                time_zone: s.time_zone,
                interval_minutes: s.interval_minutes,
                fill_gaps: s.fill_gaps,
                encoding: enc,
            };
            let readings = read_readings(rn, rb, options, |_| {})?;
            let facility = read_facility(fname, fb, enc)?;
            let mut inputs = datacentre::Inputs::new(facility, readings);
            if let Some((n, b)) = s.instruments {
                inputs.instruments = Some(read_instruments(n, b, enc)?);
            }
            if let Some((n, b)) = s.tenants {
                inputs.tenants = read_tenants(n, b, enc)?;
            }
            if let Some((n, b)) = s.hourly_grid {
                inputs.hourly = Some(HourlySeries::from_csv(n, b, &inputs.facility.zone)?);
            }
            inputs.allocation = s.allocation;
            let equipment = match s.equipment {
                Some((n, b)) => Some(
                    read_all(
                        n,
                        b,
                        EquipmentEmbodied::inventory(catalog.clone(), &inputs.facility.zone)?,
                    )?
                    .0,
                ),
                None => None,
            };
            Some(DataCentre { inputs, equipment })
        }
        (r, _) => {
            return Err(Error::MissingValue {
                at: Location::option(if r.is_none() { "readings" } else { "facility" }),
            })
        }
    };
    let year = match (s.year, &datacentre) {
        (Some(y), _) => y,
        (None, Some(dc)) => dc.inputs.readings.year,
        (None, None) => {
            return Err(Error::MissingValue {
                at: Location::option("year"),
            })
        }
    };
    crate::quantity::bounds::check_year(f64::from(year), &Location::option("year"))?;
    Ok((
        Inputs {
            year,
            fleet,
            instruments: fleet_instruments,
            datacentre,
        },
        Vec::new(),
    ))
}
