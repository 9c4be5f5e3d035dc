//! The portable seeded random numbers of a Monte Carlo run.
//!
//! Each uncertain input has its own stream: ChaCha8 ([`rand_chacha`]) keyed
//! by the run's seed (its 8 little-endian bytes, then 24 zero bytes) with
//! the stream number set to the FNV-1a 64-bit hash of the input's key
//! (`kind:laptop:embodied`). An input therefore gets the same draws
//! whatever other inputs a run has and in whichever order they come:
//! policies compared under one seed share their draws (common random
//! numbers), and the same seed gives the same bits in the command, Python
//! and JavaScript (ChaCha is specified bit for bit; no OS entropy, no `std`
//! generator).
//!
//! A 64-bit word `w` becomes `U = ((w >> 12) + 0.5) × 2⁻⁵²`: the top 52 bits,
//! centred in their cell, so `0 < U < 1` exactly and the conversion is exact
//! (no rounding) on every platform.
//!
//! ```
//! use empreinte::uncertainty::rng::Stream;
//! let a: Vec<f64> = Stream::new(42, "kind:laptop:embodied").take(3).collect();
//! let b: Vec<f64> = Stream::new(42, "kind:laptop:embodied").take(3).collect();
//! assert_eq!(a, b);
//! assert!(a.iter().all(|u| *u > 0.0 && *u < 1.0));
//! ```

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// FNV-1a, 64 bits (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
/// of the UTF-8 bytes of `key`.
#[must_use]
pub fn fnv1a64(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A 64-bit word to a uniform number strictly between 0 and 1 (the module's
/// rule).
#[inline]
#[must_use]
pub fn unit(word: u64) -> f64 {
    // 2^-52, exactly; `(word >> 12) + 0.5` has at most 53 significant bits.
    const SCALE: f64 = 1.0 / 4_503_599_627_370_496.0;
    ((word >> 12) as f64 + 0.5) * SCALE
}

/// The uniform draws of one input: an endless iterator of numbers in
/// `(0, 1)`.
#[derive(Debug, Clone)]
pub struct Stream(ChaCha8Rng);

impl Stream {
    /// The stream of input `key` under `seed`.
    #[must_use]
    pub fn new(seed: u64, key: &str) -> Self {
        Self::numbered(seed, fnv1a64(key))
    }

    /// The stream numbered `stream` under `seed`.
    fn numbered(seed: u64, stream: u64) -> Self {
        let mut bytes = [0_u8; 32];
        for (b, s) in bytes.iter_mut().zip(seed.to_le_bytes()) {
            *b = s;
        }
        let mut rng = ChaCha8Rng::from_seed(bytes);
        rng.set_stream(stream);
        Self(rng)
    }

    /// The next raw 64-bit word.
    pub fn next_word(&mut self) -> u64 {
        self.0.next_u64()
    }
}

impl Iterator for Stream {
    type Item = f64;
    fn next(&mut self) -> Option<f64> {
        Some(unit(self.0.next_u64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_its_published_test_vectors() {
        // http://www.isthe.com/chongo/src/fnv/test_fnv.c
        assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn unit_is_strictly_inside_and_exact() {
        assert_eq!(unit(0), 0.5 / 4_503_599_627_370_496.0);
        assert_eq!(unit(u64::MAX), 1.0 - 0.5 / 4_503_599_627_370_496.0);
        assert_eq!(unit(1 << 63), 0.5 + 0.5 / 4_503_599_627_370_496.0);
    }

    #[test]
    fn streams_are_pinned_and_independent_of_each_other() {
        // ChaCha8, key 0, nonce 0: the keystream starts 3e 00 ef 2f 89 5f 40
        // d6 (eSTREAM test vector, 8 rounds), read as a little-endian word.
        assert_eq!(Stream::numbered(0, 0).next_word(), 0xd640_5f89_2fef_003e);
        assert_eq!(
            Stream::new(7, "x").take(3).collect::<Vec<_>>(),
            Stream::new(7, "x").take(3).collect::<Vec<_>>()
        );
        let other: Vec<f64> = Stream::new(0, "kind:laptop:embodied").take(4).collect();
        let mine: Vec<f64> = Stream::new(0, "kind:monitor:embodied").take(4).collect();
        assert_ne!(other, mine);
        let seeded: Vec<f64> = Stream::new(1, "kind:laptop:embodied").take(4).collect();
        assert_ne!(other, seeded);
    }
}
