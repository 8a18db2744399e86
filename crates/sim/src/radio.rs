//! Reception: which of a ship's transmissions reach the log, and through
//! which receiver.
//!
//! Ships transmit at the ITU-R M.1371-5 rates (Table 1 of Annex 1): a Class A
//! ship every 10 s under way below 14 kn, 6 s to 23 kn, 2 s above, and every
//! 3 minutes at anchor or moored; a Class B "CS" unit every 30 s above 2 kn
//! and every 3 minutes below. Static data (type 5, or type 24 A and B) goes
//! out every 6 minutes.
//!
//! A log holds far fewer than that. Coastal stations (in China, the Republic
//! of Korea and Russia; none in the DPRK) hear a ship well close in and less
//! and less out to about 65 nm. Beyond, only satellites hear it, during
//! passes of 8–14 minutes separated by 15–95 minutes, one pass in a dozen
//! missed (never two in a row), so the longest ordinary silence stays under
//! four hours. Each transmission is heard at most once.

use crate::rng::Rng;
use crate::sea::{distance_m, ll, LatLon};
use crate::track::{status, State};

/// A coastal AIS receiver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Station {
    /// Its name in the tag block's `s:` field.
    pub name: &'static str,
    /// Where it stands.
    pub at: LatLon,
}

/// The coastal stations: real coastal places, none in the DPRK.
pub const STATIONS: &[Station] = &[
    Station { name: "SIM-T-DALIAN", at: ll(38.92, 121.63) },
    Station { name: "SIM-T-ZHANGZI", at: ll(39.03, 122.73) },
    Station { name: "SIM-T-YANTAI", at: ll(37.55, 121.40) },
    Station { name: "SIM-T-CHENGSHAN", at: ll(37.40, 122.70) },
    Station { name: "SIM-T-QINGDAO", at: ll(36.05, 120.30) },
    Station { name: "SIM-T-BAENGNYEONG", at: ll(37.96, 124.66) },
    Station { name: "SIM-T-INCHEON", at: ll(37.45, 126.60) },
    Station { name: "SIM-T-HEUKSANDO", at: ll(34.68, 125.43) },
    Station { name: "SIM-T-JEJU", at: ll(33.50, 126.50) },
    Station { name: "SIM-T-BUSAN", at: ll(35.10, 129.04) },
    Station { name: "SIM-T-POHANG", at: ll(36.05, 129.40) },
    Station { name: "SIM-T-DONGHAE", at: ll(37.50, 129.10) },
    Station { name: "SIM-T-ULLEUNGDO", at: ll(37.50, 130.87) },
    Station { name: "SIM-T-SOKCHO", at: ll(38.20, 128.60) },
    Station { name: "SIM-T-VLADIVOSTOK", at: ll(43.10, 131.90) },
    Station { name: "SIM-T-NAKHODKA", at: ll(42.80, 132.90) },
];

/// Distance (nm) within which a station hears 90% of transmissions.
pub const GOOD_RANGE_NM: f64 = 30.0;
/// Distance (nm) beyond which a station hears nothing.
pub const MAX_RANGE_NM: f64 = 65.0;
/// Chance that a satellite overhead hears a transmission.
pub const SATELLITE_CHANCE: f64 = 0.3;

/// The nearest station and its chance of hearing a ship at `pos`.
pub fn coastal_reception(pos: LatLon) -> (usize, f64) {
    let (idx, metres) = STATIONS
        .iter()
        .enumerate()
        .map(|(idx, station)| (idx, distance_m(pos, station.at)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, f64::INFINITY));
    let nm = metres / 1852.0;
    let chance = if nm <= GOOD_RANGE_NM {
        0.9
    } else if nm < MAX_RANGE_NM {
        0.9 - 0.8 * (nm - GOOD_RANGE_NM) / (MAX_RANGE_NM - GOOD_RANGE_NM)
    } else {
        0.0
    };
    (idx, chance)
}

/// One satellite pass: when a satellite hears the whole area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pass {
    /// Start, seconds from the scenario's start.
    pub start: f64,
    /// End.
    pub end: f64,
    /// Which satellite (its `s:` name is `SIM-SAT-<n>`).
    pub satellite: u8,
}

/// The satellite passes over `[0, end)`, drawn from `rng`.
pub fn satellite_passes(rng: &mut Rng, end: f64) -> Vec<Pass> {
    let mut passes = Vec::new();
    let mut t = rng.range(0.0, 1800.0);
    let mut skipped_last = false;
    while t < end {
        let length = rng.range(480.0, 840.0);
        let skip = !skipped_last && rng.chance(1.0 / 12.0);
        if !skip {
            passes.push(Pass { start: t, end: t + length, satellite: 1 + rng.below(4) as u8 });
        }
        skipped_last = skip;
        t += length + rng.range(900.0, 5700.0);
    }
    passes
}

/// The satellite pass under way at `t`, if any (binary search).
pub fn pass_at(passes: &[Pass], t: f64) -> Option<usize> {
    let idx = passes.partition_point(|pass| pass.end <= t);
    (idx < passes.len() && passes[idx].start <= t).then_some(idx)
}

/// Seconds until a Class A ship in `state` transmits its position again
/// (ITU-R M.1371-5 Annex 1 Table 1).
pub fn class_a_interval(state: &State) -> f64 {
    let lying = matches!(state.status, status::AT_ANCHOR | status::MOORED);
    match state.speed {
        speed if lying && speed <= 3.0 => 180.0,
        speed if speed <= 14.0 => 10.0,
        speed if speed <= 23.0 => 6.0,
        _ => 2.0,
    }
}

/// Seconds until a Class B "CS" unit in `state` transmits again.
pub fn class_b_interval(state: &State) -> f64 {
    if state.speed > 2.0 {
        30.0
    } else {
        180.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_never_leave_four_silent_hours() {
        let mut rng = Rng::new(3);
        let passes = satellite_passes(&mut rng, 30.0 * 86_400.0);
        assert!(passes.first().unwrap().start < 4.0 * 3600.0);
        for pair in passes.windows(2) {
            assert!(pair[1].start - pair[0].end < 4.0 * 3600.0);
            assert!(pair[1].start > pair[0].end);
        }
        assert_eq!(pass_at(&passes, passes[3].start + 1.0), Some(3));
        assert_eq!(pass_at(&passes, passes[3].end + 1.0), None);
    }

    #[test]
    fn coastal_reception_fades_with_range() {
        let near = coastal_reception(ll(35.0, 129.1)).1;
        let far = coastal_reception(ll(39.0, 134.0)).1;
        assert!(near > 0.85 && far == 0.0, "{near} {far}");
    }
}
