//! The method section: every detector threshold in a
//! [`DetectConfig`](vigil_ais::detect::config::DetectConfig), by its TOML
//! name, with its value and what it means, and the rules the store and the
//! report apply.
//!
//! The thresholds are listed by hand so that each carries a sentence a
//! reader understands; a test walks the configuration's `Debug` output and
//! fails when a field is added to a detector without being listed here.

use serde::Serialize;
use vigil_ais::detect::config::DetectConfig;
use vigil_ais::detect::drift::TrackerConfig;

/// One threshold of one detector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threshold {
    /// The detector (`encounter`, `gap`, ...), as the TOML table is named.
    pub detector: String,
    /// The TOML path of the setting (`encounter.max_distance_m`).
    pub name: String,
    /// Its value, as text (`500`, `true`, `Vostochny, Vladivostok`).
    pub value: String,
    /// What it means.
    pub meaning: String,
}

/// Every threshold of `config`, detector by detector, in the order of the
/// configuration.
pub fn thresholds(config: &DetectConfig) -> Vec<Threshold> {
    let mut out = Vec::new();
    let mut push = |detector: &str, field: &str, value: String, meaning: &str| {
        out.push(Threshold {
            detector: detector.to_string(),
            name: format!("{detector}.{field}"),
            value,
            meaning: meaning.to_string(),
        });
    };
    let e = &config.encounter;
    push(
        "encounter",
        "max_distance_m",
        num(e.max_distance_m),
        "farthest apart two vessels may be in a bin to count as close, metres",
    );
    push("encounter", "min_duration_h", num(e.min_duration_h), "shortest run of close bins, hours");
    push(
        "encounter",
        "max_median_speed_kn",
        num(e.max_median_speed_kn),
        "a run's median speed must be below this, knots",
    );
    push("encounter", "bin_minutes", num(e.bin_minutes), "length of a resampling bin, minutes");
    push(
        "encounter",
        "max_interpolation_gap_h",
        num(e.max_interpolation_gap_h),
        "longest silence bridged by interpolation, hours",
    );
    push(
        "encounter",
        "merge_gap_h",
        num(e.merge_gap_h),
        "encounters of one pair closer in time than this are merged, hours",
    );
    push(
        "encounter",
        "min_port_distance_km",
        num(e.min_port_distance_km),
        "least distance from any port or anchorage, km",
    );
    push(
        "encounter",
        "lateness_minutes",
        num(e.lateness_minutes),
        "how late a position may arrive and still be used, minutes",
    );
    push(
        "encounter",
        "learn_anchorages",
        e.learn_anchorages.to_string(),
        "whether anchorages are learnt from the positions",
    );
    let a = &e.anchorages;
    push(
        "encounter",
        "anchorages.stationary_max_distance_km",
        num(a.stationary_max_distance_km),
        "farthest a vessel may move and still be stationary, km",
    );
    push(
        "encounter",
        "anchorages.stationary_min_duration_h",
        num(a.stationary_min_duration_h),
        "shortest stationary period that counts, hours",
    );
    push(
        "encounter",
        "anchorages.min_distinct_vessels",
        a.min_distinct_vessels.to_string(),
        "fewest distinct vessels stationary in one cell for an anchorage",
    );
    push("encounter", "anchorages.cell_km", num(a.cell_km), "side of an anchorage grid cell, km");
    push(
        "encounter",
        "anchorages.forget_after_h",
        num(a.forget_after_h),
        "a vessel silent this long ends its stationary period, hours",
    );
    push(
        "encounter",
        "anchorages.max_cells",
        a.max_cells.to_string(),
        "most anchorage grid cells remembered",
    );
    let l = &config.loitering;
    push(
        "loitering",
        "max_speed_kn",
        num(l.max_speed_kn),
        "an hour is slow below this average implied speed, knots",
    );
    push("loitering", "min_duration_h", num(l.min_duration_h), "shortest slow run reported, hours");
    push(
        "loitering",
        "min_shore_distance_nm",
        num(l.min_shore_distance_nm),
        "least average distance from shore of a run, nautical miles",
    );
    push(
        "loitering",
        "max_silence_h",
        num(l.max_silence_h),
        "a silence longer than this ends a run, hours",
    );
    let g = &config.gap;
    push("gap", "min_gap_h", num(g.min_gap_h), "shortest silence reported as a gap, hours");
    push(
        "gap",
        "intentional_min_gap_h",
        num(g.intentional_min_gap_h),
        "shortest gap that can be likely intentional, hours",
    );
    push("gap", "intentional_min_shore_nm", num(g.intentional_min_shore_nm), "least distance from shore of the last position for a likely intentional gap, nautical miles");
    push(
        "gap",
        "min_positions_per_day",
        num(g.min_positions_per_day),
        "reception around the last position must exceed this many positions per vessel per day",
    );
    push(
        "gap",
        "min_positions_before",
        g.min_positions_before.to_string(),
        "fewest positions of the vessel in the window before the gap",
    );
    push(
        "gap",
        "positions_before_window_h",
        num(g.positions_before_window_h),
        "that window, hours",
    );
    push(
        "gap",
        "reception_cell_deg",
        num(g.reception_cell_deg),
        "side of a reception cell, degrees",
    );
    push(
        "gap",
        "reception_max_interval_h",
        num(g.reception_max_interval_h),
        "longest interval charged to a reception cell, hours",
    );
    push(
        "gap",
        "report_open_gaps",
        g.report_open_gaps.to_string(),
        "whether vessels silent at the end get open gaps",
    );
    push(
        "gap",
        "forget_after_h",
        num(g.forget_after_h),
        "a vessel silent this long is forgotten (with an open gap), hours",
    );
    let i = &config.identity;
    push(
        "identity",
        "window_s",
        num(i.window_s),
        "two positions of one MMSI closer in time than this are compared, seconds",
    );
    push(
        "identity",
        "min_distance_m",
        num(i.min_distance_m),
        "...when at least this far apart, metres",
    );
    push(
        "identity",
        "max_knots",
        num(i.max_knots),
        "...and the implied speed between them exceeds this, knots",
    );
    push(
        "identity",
        "min_dt_s",
        num(i.min_dt_s),
        "smallest time used for the implied speed, seconds",
    );
    push(
        "identity",
        "min_conflicts",
        i.min_conflicts.to_string(),
        "conflicts a pair of segments needs to be an event",
    );
    push(
        "identity",
        "merge_gap_s",
        num(i.merge_gap_s),
        "conflicts of one MMSI closer in time than this are one event, seconds",
    );
    push("identity", "max_segments", i.max_segments.to_string(), "segments remembered per MMSI");
    push(
        "identity",
        "report_invalid_mmsi",
        i.report_invalid_mmsi.to_string(),
        "whether MMSIs that are not a ship's are reported",
    );
    let p = &config.port_call;
    push("port_call", "entry_km", num(p.entry_km), "a vessel this close to a port is in it, km");
    push("port_call", "exit_km", num(p.exit_km), "...until it is farther than this, km");
    push(
        "port_call",
        "stop_begin_kn",
        num(p.stop_begin_kn),
        "below this speed a vessel in port stops, knots",
    );
    push(
        "port_call",
        "stop_end_kn",
        num(p.stop_end_kn),
        "above this speed a stopped vessel moves again, knots",
    );
    push("port_call", "gap_h", num(p.gap_h), "a silence this long in port is a port gap, hours");
    push(
        "port_call",
        "follow_up_ports",
        p.follow_up_ports.join(", "),
        "ports whose calls are events when they follow a call at a watched port",
    );
    push(
        "port_call",
        "follow_up_days",
        num(p.follow_up_days),
        "how long after a watched call a follow-up call counts, days",
    );
    push("port_call", "max_segments", p.max_segments.to_string(), "segments followed per MMSI");
    push(
        "zone_entry",
        "max_segments",
        config.zone_entry.max_segments.to_string(),
        "segments followed per MMSI",
    );
    let d = &config.drift;
    push("drift", "min_speed_kn", num(f64::from(d.min_speed_kn)), "slowest drifting speed, knots");
    push("drift", "max_speed_kn", num(f64::from(d.max_speed_kn)), "fastest drifting speed, knots");
    push(
        "drift",
        "min_deviation_deg",
        num(f64::from(d.min_deviation_deg)),
        "heading-course deviation that indicates drift, degrees (exclusive)",
    );
    push("drift", "period_min", num(d.period_min), "how long every report must drift, minutes");
    push(
        "drift",
        "min_distance_m",
        num(d.min_distance_m),
        "how far the drift must carry the ship, metres (exclusive)",
    );
    push("drift", "min_length_m", d.min_length_m.to_string(), "shortest ship analysed, metres");
    push(
        "drift",
        "any_type_length_m",
        d.any_type_length_m.to_string(),
        "ships at least this long are analysed whatever their type, metres",
    );
    tracker(&mut push, "drift", &d.tracker);
    let s = &config.speed_change;
    push(
        "speed_change",
        "high_speed_kn",
        num(f64::from(s.high_speed_kn)),
        "the ship must come from at least this speed, knots",
    );
    push(
        "speed_change",
        "low_speed_kn",
        num(f64::from(s.low_speed_kn)),
        "...and drop to at most this speed, knots",
    );
    push("speed_change", "max_drop_s", num(s.max_drop_s), "...within this many seconds");
    push("speed_change", "sustain_s", num(s.sustain_s), "...and stay there this many seconds");
    push(
        "speed_change",
        "max_valid_speed_kn",
        num(f64::from(s.max_valid_speed_kn)),
        "speeds above this are invalid and ignored, knots",
    );
    push(
        "speed_change",
        "min_length_m",
        s.min_length_m.to_string(),
        "shortest ship analysed, metres",
    );
    push(
        "speed_change",
        "any_type_length_m",
        s.any_type_length_m.to_string(),
        "ships at least this long are analysed whatever their type, metres",
    );
    tracker(&mut push, "speed_change", &s.tracker);
    out
}

fn tracker(push: &mut impl FnMut(&str, &str, String, &str), detector: &str, t: &TrackerConfig) {
    push(
        detector,
        "tracker.history_min",
        num(t.history_min),
        "reports older than this, relative to the newest, are forgotten, minutes",
    );
    push(
        detector,
        "tracker.stale_min",
        num(t.stale_min),
        "silence after which a track starts afresh, minutes",
    );
    push(
        detector,
        "tracker.interpolate_after_s",
        num(t.interpolate_after_s),
        "a gap at least this long is filled with interpolated reports, seconds",
    );
    push(
        detector,
        "tracker.interpolation_step_s",
        num(t.interpolation_step_s),
        "step of the interpolated reports, seconds",
    );
}

/// A number as a person writes it: `500`, not `500.0`; `0.2`, not
/// `0.20000000298023224` (from an `f32`).
fn num(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// How the store raises alerts and how the report selects what it shows,
/// stated so that a reader can check every number in it.
pub fn rules() -> Vec<String> {
    [
        "A period is a range of whole UTC days, both ends included; an event is in it when it overlaps it, a document when its date falls in it, a list version when its version date (or, for a version that is not a date, its import time) falls in it.",
        "A maritime event involves a listed vessel when the detector linked a list entry to one of its vessels, or when a vessel's MMSI or last transmitted IMO number is an identifier of an entity in a list version in force at ingest (the store then raises an alert naming the entity).",
        "A maritime event involves the DPRK when its details name a DPRK port or zone (a country of KP/PRK, or text naming the DPRK).",
        "Alert severity (vigil-store): critical for a listed vessel in an encounter or in a DPRK port or zone; high for a listed vessel otherwise, or a DPRK port call; medium for any other DPRK event. An article naming a listed entity with an indicator that is not denied is high when it has two indicator categories or an asserted one, else medium.",
        "Alerts of the same case are merged: the same kind of event of the same vessels within a day of the alert's observed period adds evidence to it.",
        "A gap is a vessel that went dark: its AIS silent for at least gap.min_gap_h; likely intentional when it also meets gap.intentional_min_gap_h, gap.intentional_min_shore_nm and the reception thresholds.",
        "Identity fraud is an identity event (an MMSI in two places at once, an invalid IMO or MMSI, a change of name or call sign under one IMO, a flag that differs from the MMSI's) and the identity history the store holds for the vessels involved.",
        "Open-source reporting is grouped by indicator category; a denied indicator is shown but raises no alert.",
    ]
    .iter()
    .map(|rule| rule.to_string())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Field names in a `Debug` dump (`name: value`), without the names of
    /// structs and lists, so that the test below knows every setting.
    fn debug_field_names(config: &DetectConfig) -> Vec<String> {
        let dump = format!("{config:#?}");
        let mut names: Vec<String> = dump
            .lines()
            .filter_map(|line| {
                let (name, _) = line.trim().split_once(": ")?;
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_').then(|| name.to_string())
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_setting_of_every_detector_is_stated() {
        let config = DetectConfig::default();
        let stated = thresholds(&config);
        for field in debug_field_names(&config) {
            if ["disable", "encounter", "loitering", "gap", "identity", "port_call"]
                .contains(&field.as_str())
                || ["zone_entry", "drift", "speed_change", "tracker", "anchorages"]
                    .contains(&field.as_str())
            {
                continue;
            }
            assert!(
                stated.iter().any(|t| t.name.ends_with(&format!(".{field}"))),
                "DetectConfig has {field}, which the method section does not state"
            );
        }
        let names: Vec<&str> = stated.iter().map(|t| t.name.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "a threshold is stated twice");
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(num(500.0), "500");
        assert_eq!(num(f64::from(0.2f32)), "0.2");
        assert_eq!(num(2.5), "2.5");
        let config = DetectConfig::default();
        let stated = thresholds(&config);
        let find = |name: &str| stated.iter().find(|t| t.name == name).map(|t| t.value.clone());
        assert_eq!(find("encounter.max_distance_m").as_deref(), Some("500"));
        assert_eq!(find("gap.min_gap_h").as_deref(), Some("6"));
        assert_eq!(find("port_call.entry_km").as_deref(), Some("3"));
    }
}
