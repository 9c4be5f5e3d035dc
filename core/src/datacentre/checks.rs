//! Bounds of the data-centre inputs a binding may fill directly (Python,
//! JavaScript) besides those of the facility: the readers check the same
//! values cell by cell, so every surface refuses the same inputs and no
//! result is infinite.

use super::inputs::check_tenant_name;
use super::Inputs;
use crate::error::{Error, Location, Result};
use crate::quantity::bounds::{check_intensity_g, check_range};
use std::collections::{HashMap, HashSet};

/// Largest amount of energy accepted, kWh (that of the readings' totals).
const MAX_KWH: f64 = 1e15;

/// Checks tenants (a name, not the unallocated line's, each once: a hash
/// set, linear in their number), instruments (energy, factors, residual mix
/// within [`crate::quantity::bounds::MAX_G_PER_KWH`]) and a user hourly
/// series (g CO2e/kWh within the same bound).
///
/// # Errors
///
/// [`Error::MissingValue`], [`Error::InvalidOption`], [`Error::OutOfRange`]
/// or [`Error::NotFinite`] at the value.
pub(super) fn check_user_inputs(inputs: &Inputs) -> Result<()> {
    let mut names: HashSet<&str> = HashSet::with_capacity(inputs.tenants.len());
    for t in &inputs.tenants {
        let at = |column: &str| t.at.clone().with_column(column);
        if t.name.trim().is_empty() {
            return Err(Error::MissingValue { at: at("tenant") });
        }
        check_tenant_name(&t.name, &at("tenant"))?;
        if !names.insert(t.name.as_str()) {
            return Err(Error::OutOfRange {
                at: at("tenant"),
                value: 0.0,
                allowed: format!("each tenant once (`{}` twice)", crate::error::echo(&t.name)),
            });
        }
    }
    if let Some(ins) = &inputs.instruments {
        if let Some(r) = ins.residual_mix_kg_per_kwh {
            let at = Location::file(&ins.source).with_column("residual_mix");
            check_intensity_g(r * 1_000.0, &at)?;
        }
        for i in &ins.items {
            check_range(i.kwh, &i.at.clone().with_column("kwh"), 0.0, true, MAX_KWH)?;
            check_intensity_g(
                i.factor_kg_per_kwh * 1_000.0,
                &i.at.clone().with_column("factor_gco2e_per_kwh"),
            )?;
        }
    }
    if let Some(h) = &inputs.hourly {
        for (i, g) in h.g_per_kwh.iter().enumerate() {
            let at = Location::row(&h.source, i as u64 + 1).with_column("intensity_gco2e_per_kwh");
            check_intensity_g(*g, &at)?;
        }
    }
    Ok(())
}

/// The position of each name (the first, if one repeats): a look-up per
/// tenant in constant time.
pub(super) fn name_index(names: &[String]) -> HashMap<&str, usize> {
    let mut index = HashMap::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        index.entry(n.as_str()).or_insert(i);
    }
    index
}
