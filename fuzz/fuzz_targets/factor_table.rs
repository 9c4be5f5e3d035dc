//! Any bytes as a factor table: no panic; an accepted table joins the
//! catalog and assesses a small inventory to finite numbers.
#![no_main]

use empreinte::catalog::FactorTable;
use empreinte::{assess_csv, Catalog, GroupBy, Mode, Options, Report};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

const INVENTORY: &str = "entity,kind,quantity,purchase_year,country\nA,laptop,3,2022,BE\nA,desktop,2,2019,BE\nB,projector,1,2023,FR\n";

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = Catalog::embedded() else { return };
    let Ok(table) = FactorTable::parse("f.csv", data, &catalog) else { return };
    let Ok(catalog) = (*catalog).clone().with_factors(&table) else { return };
    for mode in [Mode::Amortised, Mode::Acquisition] {
        let Ok(options) = Options::new(2023, mode, GroupBy::default()) else { return };
        let result = assess_csv(Arc::new(catalog.clone()), "inv.csv", INVENTORY.as_bytes(), None, options, |_| {});
        let report = Report::from(&result.expect("a valid inventory with a valid table"));
        for column in report.total_table().columns {
            if let empreinte::report::ColumnValues::Number(values) = column.values {
                assert!(values.iter().flatten().all(|v| v.is_finite()), "{}", column.name);
            }
        }
    }
});
