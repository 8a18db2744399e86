//! The configuration of every detector in one value, read from TOML by the
//! caller (the library parses no files): one table per detector, each field
//! defaulting to the published threshold, unknown names refused.
//!
//! ```toml
//! disable = ["speed_change"]
//!
//! [encounter]
//! max_distance_m = 500
//!
//! [port_call]
//! follow_up_ports = ["Vostochny"]
//! ```

use serde::Deserialize;

use super::drift::DriftConfig;
use super::encounter::EncounterConfig;
use super::gap::GapConfig;
use super::identity::IdentityConfig;
use super::loitering::LoiteringConfig;
use super::port_call::PortCallConfig;
use super::speed_change::SpeedChangeConfig;
use super::zone::ZoneEntryConfig;
use super::EventKind;

/// Every detector's thresholds, and which detectors run.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DetectConfig {
    /// Kinds of event not to look for (`encounter`, `port_call`, …).
    pub disable: Vec<String>,
    /// Encounters (and the anchorages they learn).
    pub encounter: EncounterConfig,
    /// Loitering.
    pub loitering: LoiteringConfig,
    /// AIS gaps.
    pub gap: GapConfig,
    /// Identity anomalies.
    pub identity: IdentityConfig,
    /// Calls at watched ports.
    pub port_call: PortCallConfig,
    /// Entries into watched zones.
    pub zone_entry: ZoneEntryConfig,
    /// Drift (DMA AisAbnormal).
    pub drift: DriftConfig,
    /// Sudden speed change (DMA AisAbnormal).
    pub speed_change: SpeedChangeConfig,
}

/// A configuration that cannot be used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl DetectConfig {
    /// Whether the detector of `kind` runs.
    pub fn enabled(&self, kind: EventKind) -> bool {
        !self.disable.iter().any(|name| name == kind.as_str())
    }

    /// Checks what serde cannot: known kinds in `disable`, and thresholds
    /// that are finite and positive where they must be, and ordered where
    /// they come in pairs.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for name in &self.disable {
            if !EventKind::ALL.iter().any(|kind| kind.as_str() == name) {
                let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                return Err(ConfigError(format!(
                    "disable: unknown kind {name:?} (known: {})",
                    known.join(", ")
                )));
            }
        }
        let positive = [
            ("encounter.max_distance_m", self.encounter.max_distance_m),
            ("encounter.min_duration_h", self.encounter.min_duration_h),
            ("encounter.bin_minutes", self.encounter.bin_minutes),
            ("loitering.min_duration_h", self.loitering.min_duration_h),
            ("gap.min_gap_h", self.gap.min_gap_h),
            ("identity.window_s", self.identity.window_s),
            ("identity.max_knots", self.identity.max_knots),
            ("identity.merge_gap_s", self.identity.merge_gap_s),
            ("port_call.entry_km", self.port_call.entry_km),
            ("port_call.exit_km", self.port_call.exit_km),
            ("port_call.gap_h", self.port_call.gap_h),
            ("drift.period_min", self.drift.period_min),
            ("drift.tracker.history_min", self.drift.tracker.history_min),
            ("drift.tracker.interpolation_step_s", self.drift.tracker.interpolation_step_s),
            ("speed_change.sustain_s", self.speed_change.sustain_s),
            (
                "speed_change.tracker.interpolation_step_s",
                self.speed_change.tracker.interpolation_step_s,
            ),
        ];
        for (name, value) in positive {
            if !(value.is_finite() && value > 0.0) {
                return Err(ConfigError(format!("{name} must be a positive number, not {value}")));
            }
        }
        let ordered = [
            (
                "port_call.entry_km",
                self.port_call.entry_km,
                "port_call.exit_km",
                self.port_call.exit_km,
            ),
            (
                "port_call.stop_begin_kn",
                self.port_call.stop_begin_kn,
                "port_call.stop_end_kn",
                self.port_call.stop_end_kn,
            ),
            (
                "drift.min_speed_kn",
                f64::from(self.drift.min_speed_kn),
                "drift.max_speed_kn",
                f64::from(self.drift.max_speed_kn),
            ),
            (
                "speed_change.low_speed_kn",
                f64::from(self.speed_change.low_speed_kn),
                "speed_change.high_speed_kn",
                f64::from(self.speed_change.high_speed_kn),
            ),
            (
                "drift.period_min",
                self.drift.period_min,
                "drift.tracker.history_min",
                self.drift.tracker.history_min,
            ),
        ];
        for (low_name, low, high_name, high) in ordered {
            if low > high {
                return Err(ConfigError(format!(
                    "{low_name} ({low}) is above {high_name} ({high})"
                )));
            }
        }
        if self.identity.max_segments == 0
            || self.port_call.max_segments == 0
            || self.zone_entry.max_segments == 0
        {
            return Err(ConfigError("max_segments must be at least 1".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_published_thresholds_and_valid() {
        let config = DetectConfig::default();
        assert_eq!(config.encounter.max_distance_m, 500.0);
        assert_eq!(config.port_call.entry_km, 3.0);
        assert_eq!(config.drift.min_length_m, 50);
        assert_eq!(config.speed_change.high_speed_kn, 7.0);
        assert!(config.validate().is_ok());
        assert!(config.enabled(EventKind::Drift));
    }

    #[test]
    fn bad_values_are_refused_with_their_name() {
        let config = DetectConfig { disable: vec!["drfit".into()], ..DetectConfig::default() };
        assert!(config.validate().unwrap_err().0.contains("\"drfit\""));
        let mut config = DetectConfig::default();
        config.port_call.entry_km = 5.0;
        assert!(config.validate().unwrap_err().0.contains("port_call.entry_km"));
        let mut config = DetectConfig::default();
        config.drift.period_min = f64::NAN;
        assert!(config.validate().unwrap_err().0.contains("drift.period_min"));
    }
}
