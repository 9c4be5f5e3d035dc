//! Any bytes as an extra table, through `Catalog::with_factor_tables` as
//! every surface hands it over (a factor table, or an archetype table that
//! adds or replaces kinds): no panic; an accepted table joins the catalog
//! and a small inventory assesses to finite numbers in both accounting
//! modes. A factor table never makes that valid inventory fail; an
//! archetype table may (it can take a kind's default energy away), but only
//! with a typed error.
#![no_main]

use empreinte::catalog::FactorTable;
use empreinte::{assess_csv, Catalog, GroupBy, Mode, Options, Report};
use libfuzzer_sys::fuzz_target;

const INVENTORY: &str = "entity,kind,quantity,purchase_year,country\nA,laptop,3,2022,BE\nA,desktop,2,2019,BE\nB,projector,1,2023,FR\nB,server_2s,2,2021,BE\n";

fuzz_target!(|data: &[u8]| {
    let Ok(base) = Catalog::embedded() else { return };
    let factor_table = FactorTable::parse("f.csv", data, &base).is_ok();
    let Ok(catalog) = base.with_factor_tables([("f.csv", data)]) else { return };
    for mode in [Mode::Amortised, Mode::Acquisition] {
        let Ok(options) = Options::new(2023, mode, GroupBy::default()) else { return };
        match assess_csv(catalog.clone(), "inv.csv", INVENTORY.as_bytes(), None, options, |_| {}) {
            Ok(result) => {
                let report = Report::from(&result);
                for column in report.total_table().columns {
                    if let empreinte::report::ColumnValues::Number(values) = column.values {
                        assert!(values.iter().flatten().all(|v| v.is_finite()), "{}", column.name);
                    }
                }
            }
            Err(e) => assert!(!factor_table, "a factor table broke a valid inventory: {e}"),
        }
    }
});
