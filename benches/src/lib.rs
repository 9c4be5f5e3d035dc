//! Synthetic inventories for the benchmarks (deterministic, no dependencies).

/// Kinds used by the synthetic fleets.
pub const KINDS: [&str; 8] = [
    "laptop",
    "desktop",
    "monitor_22_24",
    "chromebook",
    "tablet",
    "wifi_access_point",
    "ip_phone",
    "thin_client",
];

/// A small deterministic generator (SplitMix64), so benches need no crate.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    /// Next value in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// Writes a synthetic inventory CSV of `lines` rows over `entities` entities,
/// sorted by entity as exports usually are.
///
/// # Errors
///
/// The writer's I/O error.
pub fn write_inventory(
    out: &mut impl std::io::Write,
    lines: u64,
    entities: u64,
) -> std::io::Result<()> {
    let mut rng = Rng::new(42);
    writeln!(
        out,
        "entity,kind,quantity,purchase_year,lifespan_years,country,annual_energy_kwh"
    )?;
    for i in 0..lines {
        let entity = i * entities / lines.max(1);
        let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
        let quantity = 1 + rng.below(40);
        let year = 2014 + rng.below(12);
        let lifespan = if rng.below(4) == 0 { "6" } else { "" };
        let energy = if rng.below(5) == 0 { "31.5" } else { "" };
        writeln!(
            out,
            "Entity {entity:05},{kind},{quantity},{year},{lifespan},BE,{energy}"
        )?;
    }
    Ok(())
}
