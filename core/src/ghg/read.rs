//! The organisation's files, as every surface gives them (a name and the
//! bytes of a CSV), read into [`Inputs`] by core's readers: the fleet by
//! the inventory reader, the data centre by [`datacentre::read_given`]
//! (the one assembly of `datacentre` on every surface, `read_files`
//! without its example). The command,
//! Python and JavaScript read the same inventory the same way, with the
//! same errors. Nothing given: the embedded illustrative organisation.

use super::{example, Inputs};
use crate::catalog::Catalog;
use crate::datacentre::{self, read_instruments, FileOptions, Files, NamedReader};
use crate::error::{Error, Location, Result};
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
    /// The data centre's options (allocation, time zone, interval, gaps)
    /// and the encoding of every file, as text; `None` is core's default.
    pub options: FileOptions<'a>,
}

/// The organisation's files in the one order every surface hands them to
/// [`Sources::from_files`] (the command's options, Python's keywords and
/// JavaScript's keys, by these names).
pub const FILES: [&str; 9] = [
    "inventory",
    "fleet_instruments",
    "readings",
    "facility",
    "instruments",
    "tenants",
    "equipment",
    "hourly_grid",
    "grid_factors",
];

impl<'a> Sources<'a> {
    /// The sources of `files`, given in [`FILES`] order (a missing or
    /// absent file is `None`; the last, `grid_factors`, is the catalog's:
    /// [`with_grid_factors`]).
    #[must_use]
    pub fn from_files(
        year: Option<i32>,
        country: Option<&'a str>,
        files: &[Option<Named<'a>>],
        options: FileOptions<'a>,
    ) -> Self {
        let named = |i: usize| files.get(i).copied().flatten();
        Self {
            year,
            country,
            inventory: named(0),
            fleet_instruments: named(1),
            readings: named(2),
            facility: named(3),
            instruments: named(4),
            tenants: named(5),
            equipment: named(6),
            hourly_grid: named(7),
            options,
        }
    }
}

/// `catalog` with the user's grid factors among `files` (in [`FILES`]
/// order: the last) applied, or `catalog` itself without them.
///
/// # Errors
///
/// The grid-factor table's errors (file, line, column).
pub fn with_grid_factors(
    catalog: Arc<Catalog>,
    files: &[Option<Named<'_>>],
) -> Result<Arc<Catalog>> {
    match files.get(8).copied().flatten() {
        Some((name, bytes)) => catalog.with_grid_factors_csv(name, bytes),
        None => Ok(catalog),
    }
}

impl Sources<'_> {
    /// Whether any file was given (else the illustrative organisation).
    #[must_use]
    pub fn any(&self) -> bool {
        self.inventory.is_some()
            || self.fleet_instruments.is_some()
            || self.datacentre_files().iter().any(Option::is_some)
    }

    fn datacentre_files(&self) -> [Option<Named<'_>>; 6] {
        [
            self.readings,
            self.facility,
            self.instruments,
            self.tenants,
            self.equipment,
            self.hourly_grid,
        ]
    }
}

fn reader<'a>(named: Option<Named<'a>>) -> Option<NamedReader<'a>> {
    named.map(|(name, bytes)| (name.to_owned(), Box::new(bytes) as Box<dyn std::io::Read>))
}

/// Reads the organisation's files into [`Inputs`]; without any file, the
/// embedded ILLUSTRATIVE organisation ([`example`]) with a note
/// (`example_data`).
///
/// # Errors
///
/// Every reader's error, naming the file, line and column; a data-centre
/// file without readings and facility ([`Error::MissingValue`] at the
/// option `readings` or `facility`), or a year neither given nor read from
/// readings ([`Error::MissingValue`] at `year`); an instruments file
/// without an inventory ([`Error::MissingValue`] at `inventory`);
/// [`datacentre::read_files`]' errors.
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
    Ok((read_given(catalog, s)?, Vec::new()))
}

/// Reads the organisation's files given, as [`read`] without its embedded
/// example (what the WebAssembly package calls: its size).
///
/// # Errors
///
/// [`Error::MissingValue`] at `inventory` when nothing is given; else
/// [`read`]'s errors.
pub fn read_given(catalog: &Arc<Catalog>, s: &Sources<'_>) -> Result<Inputs> {
    if !s.any() {
        return Err(Error::MissingValue {
            at: Location::option("inventory"),
        });
    }
    let enc = s
        .options
        .encoding
        .map(TextEncoding::parse)
        .transpose()?
        .unwrap_or_default();
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
    let datacentre = if s.readings.is_none() && s.facility.is_none() {
        if s.datacentre_files().iter().any(Option::is_some) {
            return Err(Error::MissingValue {
                at: Location::option("readings"),
            });
        }
        None
    } else {
        let files = Files {
            readings: reader(s.readings),
            facility: reader(s.facility),
            instruments: reader(s.instruments),
            tenants: reader(s.tenants),
            equipment: reader(s.equipment),
            hourly_grid: reader(s.hourly_grid),
        };
        Some(datacentre::read_given(files, &s.options, catalog, |_| {})?)
    };
    let year = match (s.year, &datacentre) {
        (Some(y), _) => y,
        (None, Some(dc)) => dc.readings.year,
        (None, None) => {
            return Err(Error::MissingValue {
                at: Location::option("year"),
            })
        }
    };
    crate::quantity::bounds::check_year(f64::from(year), &Location::option("year"))?;
    Ok(Inputs {
        year,
        catalog: catalog.clone(),
        fleet,
        instruments: fleet_instruments,
        datacentre,
    })
}
