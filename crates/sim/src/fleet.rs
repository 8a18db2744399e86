//! Who sails: vessels with their identities over time (so a ship can change
//! its name or its MMSI mid-log), their plans, and the invented or listed
//! particulars they broadcast.
//!
//! Invented vessels are plainly synthetic: names start with `SIM `, IMO
//! numbers lie in 1000000–1999999 (never issued to ships) with a correct
//! check digit. A few vessels carry the real IMO numbers and names of
//! DPRK vessels designated by the UN Security Council (facts from the
//! public lists, as in `data/demo/sample_list.ftm.json`), so that linking to
//! the lists can be exercised.

use std::collections::BTreeSet;

use crate::encode::Dims;
use crate::rng::Rng;
use crate::track::Plan;

/// AIS transponder class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Class A (SOLAS ships): types 1–3 and 5.
    A,
    /// Class B "CS" (small craft): types 18 and 24.
    B,
}

/// What a vessel says it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// The MMSI it transmits.
    pub mmsi: u32,
    /// Its name.
    pub name: String,
    /// Its call sign.
    pub callsign: String,
    /// Its IMO number as sent (0 for none).
    pub imo: u32,
    /// Type of ship and cargo.
    pub shiptype: u8,
    /// Dimensions.
    pub dims: Dims,
    /// Draught, metres.
    pub draught: f64,
    /// Destination.
    pub destination: String,
}

/// One simulated vessel.
#[derive(Debug, Clone)]
pub struct Vessel {
    /// Transponder class.
    pub class: Class,
    /// Identities in time order: each applies from its time (seconds from
    /// the scenario's start) until the next.
    pub identities: Vec<(f64, Identity)>,
    /// How it moves.
    pub plan: Plan,
    /// When its transponder is off (planted gaps).
    pub dark: Vec<(f64, f64)>,
    /// When nobody hears it although it transmits (a short reception gap).
    pub blackout: Vec<(f64, f64)>,
    /// When every transmission is heard (close to a station).
    pub dense: Vec<(f64, f64)>,
    /// What it does in the scenario, for `scenario.txt`.
    pub role: String,
}

impl Vessel {
    /// The identity in force at `t`.
    pub fn identity_at(&self, t: f64) -> &Identity {
        let idx = self.identities.partition_point(|(from, _)| *from <= t);
        &self.identities[idx.saturating_sub(1)].1
    }

    /// Every MMSI it ever uses, ascending.
    pub fn mmsis(&self) -> Vec<u32> {
        let set: BTreeSet<u32> = self.identities.iter().map(|(_, id)| id.mmsi).collect();
        set.into_iter().collect()
    }

    /// Its length overall in metres.
    pub fn length(&self) -> u16 {
        let dims = self.identities[0].1.dims;
        dims.to_bow + dims.to_stern
    }
}

/// Whether `t` falls in one of `windows`.
pub fn within(windows: &[(f64, f64)], t: f64) -> bool {
    windows.iter().any(|&(from, to)| from <= t && t < to)
}

/// The IMO check digit of a six-digit base (IMO Resolution A.1117(30)):
/// the digits weighted 7 to 2, summed, last digit.
pub fn imo_check_digit(base: u32) -> u32 {
    let digits: Vec<u32> = format!("{base:06}").bytes().map(|b| u32::from(b - b'0')).collect();
    digits.iter().zip((2..=7).rev()).map(|(d, w)| d * w).sum::<u32>() % 10
}

/// A flag: its MID(s), a call sign prefix and a name for `scenario.txt`.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    /// Maritime Identification Digits (ITU).
    pub mid: u32,
    /// Call sign prefix from the ITU series allocated to the country.
    pub callsign_prefix: &'static str,
}

/// Flags used by the simulator (MIDs from the ITU table; call sign series
/// from the ITU allocation table).
pub const CHINA: Flag = Flag { code: "CN", mid: 413, callsign_prefix: "BV" };
/// Republic of Korea.
pub const KOREA: Flag = Flag { code: "KR", mid: 440, callsign_prefix: "DS" };
/// Russian Federation.
pub const RUSSIA: Flag = Flag { code: "RU", mid: 273, callsign_prefix: "UB" };
/// Panama.
pub const PANAMA: Flag = Flag { code: "PA", mid: 352, callsign_prefix: "3E" };
/// Japan.
pub const JAPAN: Flag = Flag { code: "JP", mid: 431, callsign_prefix: "JD" };
/// Democratic People's Republic of Korea.
pub const DPRK: Flag = Flag { code: "KP", mid: 445, callsign_prefix: "HM" };
/// Sierra Leone.
pub const SIERRA_LEONE: Flag = Flag { code: "SL", mid: 667, callsign_prefix: "9L" };
/// Mongolia.
pub const MONGOLIA: Flag = Flag { code: "MN", mid: 457, callsign_prefix: "JV" };
/// Togo.
pub const TOGO: Flag = Flag { code: "TG", mid: 671, callsign_prefix: "5V" };

/// DPRK vessels designated by the UN Security Council 1718 Committee, as
/// (name, IMO): public facts from the lists.
pub const LISTED_DPRK: &[(&str, u32)] = &[
    ("CHON MA SAN", 8660313),
    ("NAM SAN 8", 8122347),
    ("YU JONG 2", 8604917),
    ("YU SON", 8691702),
    ("KUM UN SAN 3", 8705539),
    ("PAEK MA", 9066978),
    ("JI SONG 6", 8898740),
    ("RYE SONG GANG 1", 7389704),
    ("SAM JONG 2", 7408873),
    ("AN SAN 1", 7303803),
    ("CHONG BONG", 8909575),
    ("KUM UN SAN", 8720436),
];

const NAME_WORDS: &[&str] = &[
    "ORIENT", "PEARL", "HARMONY", "GRACE", "FORTUNE", "HORIZON", "STAR", "CRANE", "LOTUS", "RIVER",
    "CORAL", "SUMMIT", "DAWN", "BREEZE", "JADE", "AURORA", "VOYAGER", "TRADER", "SPIRIT", "BRIDGE",
];

/// Hands out unique MMSIs, names, call signs and IMO numbers.
#[derive(Debug)]
pub struct Registry {
    rng: Rng,
    mmsis: BTreeSet<u32>,
    names: BTreeSet<String>,
    imo_next: u32,
}

impl Registry {
    /// A registry drawing from `rng`.
    pub fn new(rng: Rng) -> Registry {
        Registry { rng, mmsis: BTreeSet::new(), names: BTreeSet::new(), imo_next: 100_000 }
    }

    /// A fresh MMSI with the flag's MID.
    pub fn mmsi(&mut self, flag: Flag) -> u32 {
        loop {
            let mmsi = flag.mid * 1_000_000 + 100_000 + self.rng.below(900_000) as u32;
            if self.mmsis.insert(mmsi) {
                return mmsi;
            }
        }
    }

    /// A fresh synthetic name (`SIM …`).
    pub fn name(&mut self) -> String {
        loop {
            let name = format!("SIM {} {}", self.rng.pick(NAME_WORDS), 1 + self.rng.below(99));
            if self.names.insert(name.clone()) {
                return name;
            }
        }
    }

    /// A call sign of the flag's series.
    pub fn callsign(&mut self, flag: Flag) -> String {
        let mut callsign = flag.callsign_prefix.to_owned();
        while callsign.len() < 6 {
            callsign.push((b'A' + self.rng.below(26) as u8) as char);
        }
        callsign
    }

    /// A fresh invented IMO number with a valid check digit.
    pub fn imo(&mut self) -> u32 {
        self.imo_next += 1 + self.rng.below(50) as u32;
        self.imo_next * 10 + imo_check_digit(self.imo_next)
    }

    /// A full identity for an invented vessel.
    pub fn identity(
        &mut self,
        flag: Flag,
        shiptype: u8,
        length: u16,
        destination: &str,
    ) -> Identity {
        let beam = (length / 6).clamp(6, 60) as u8;
        Identity {
            mmsi: self.mmsi(flag),
            name: self.name(),
            callsign: self.callsign(flag),
            imo: self.imo(),
            shiptype,
            dims: Dims {
                to_bow: length * 4 / 5,
                to_stern: length - length * 4 / 5,
                to_port: beam / 2,
                to_starboard: beam - beam / 2,
            },
            draught: (f64::from(length) / 20.0).clamp(2.0, 14.0),
            destination: destination.to_uppercase(),
        }
    }

    /// Access to the registry's generator.
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_check_digits_agree_with_the_model() {
        for (_, imo) in LISTED_DPRK {
            assert_eq!(imo_check_digit(imo / 10), imo % 10, "{imo}");
        }
        let mut registry = Registry::new(Rng::new(1));
        for _ in 0..50 {
            let imo = registry.imo();
            assert!(vigil_model::imo_is_valid(&imo.to_string()), "{imo}");
            assert!((1_000_000..2_000_000).contains(&imo));
        }
        assert!(!vigil_model::imo_is_valid(&(8604917 + 1).to_string()));
    }
}
