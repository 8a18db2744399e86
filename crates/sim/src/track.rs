//! How a simulated ship moves: a plan of contiguous legs (lie still, sail a
//! route with acceleration and deceleration, circle slowly, move straight
//! with the heading off the course), and its true state at any time.
//!
//! Times are seconds from the scenario's start; a plan may begin before it
//! (a ship already under way when the log starts).
//!
//! # Units
//! Positions in degrees, speeds in knots at the interface (metres per second
//! inside), courses and headings in degrees from true north.

use crate::sea::{bearing_deg, distance_m, interpolate, offset, LatLon};

/// Metres per second in one knot.
pub const MS_PER_KNOT: f64 = 1852.0 / 3600.0;

/// Navigational status codes (ITU-R M.1371-5 Table 45) the simulator uses.
pub mod status {
    /// Under way using engine.
    pub const UNDER_WAY: u8 = 0;
    /// At anchor.
    pub const AT_ANCHOR: u8 = 1;
    /// Not under command.
    pub const NOT_UNDER_COMMAND: u8 = 2;
    /// Moored.
    pub const MOORED: u8 = 5;
}

/// The true state of a ship at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    /// Where it is.
    pub pos: LatLon,
    /// Speed over ground, knots.
    pub speed: f64,
    /// Course over ground, degrees.
    pub course: f64,
    /// True heading, degrees.
    pub heading: f64,
    /// Navigational status.
    pub status: u8,
}

/// How a ship moves during one leg.
#[derive(Debug, Clone, PartialEq)]
pub enum Motion {
    /// Lying still (at anchor, moored, or stopped at sea).
    Stay {
        /// Where.
        at: LatLon,
        /// The heading it lies at.
        heading: f64,
    },
    /// Following a polyline of great-circle legs with a speed profile:
    /// from `v0` to `v` in `t_in` seconds, `v` for `t_cruise`, to `v1` in `t_out`.
    Sail {
        /// The route, first point where the leg starts.
        path: Vec<LatLon>,
        /// Cumulative distance at each point, metres.
        cumulative: Vec<f64>,
        /// Speeds in m/s at the start, cruising and at the end.
        speeds: [f64; 3],
        /// Durations of acceleration, cruise and deceleration, seconds.
        times: [f64; 3],
    },
    /// Moving slowly around a circle (loitering, or two ships alongside
    /// each other), shifted by a fixed east/north offset in metres.
    Circle {
        /// The circle's centre.
        center: LatLon,
        /// Its radius, metres.
        radius: f64,
        /// Bearing from the centre at the leg's start, degrees.
        start_bearing: f64,
        /// Angular speed, degrees per second (positive: clockwise).
        rate: f64,
        /// East and north shift of the whole circle, metres.
        shift: (f64, f64),
    },
    /// Moving in a straight line with the heading off the course (drifting).
    Straight {
        /// Where the leg starts.
        from: LatLon,
        /// Course over ground, degrees.
        course: f64,
        /// Speed, m/s.
        speed: f64,
        /// Heading, degrees.
        heading: f64,
    },
}

/// One leg of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    /// Start, seconds from the scenario's start.
    pub start: f64,
    /// End (exclusive).
    pub end: f64,
    /// Status reported during the leg.
    pub status: u8,
    /// The movement.
    pub motion: Motion,
}

/// Moves a position by `east` and `north` metres (local flat approximation,
/// exact enough over the few hundred metres it is used for).
pub fn translate(p: LatLon, east: f64, north: f64) -> LatLon {
    let metres_per_degree = vigil_geo::EARTH_RADIUS_M.to_radians();
    LatLon {
        lat: p.lat + north / metres_per_degree,
        lon: p.lon + east / (metres_per_degree * p.lat.to_radians().cos()),
    }
}

impl Leg {
    /// The state `t` seconds from the scenario's start (clamped to the leg).
    pub fn state(&self, t: f64) -> State {
        let dt = (t - self.start).clamp(0.0, (self.end - self.start).max(0.0));
        match &self.motion {
            Motion::Stay { at, heading } => State {
                pos: *at,
                speed: 0.0,
                course: *heading,
                heading: *heading,
                status: self.status,
            },
            Motion::Sail { path, cumulative, speeds, times } => {
                let (along, speed) = sail_progress(*speeds, *times, dt);
                let (pos, course) = point_along(path, cumulative, along);
                State {
                    pos,
                    speed: speed / MS_PER_KNOT,
                    course,
                    heading: course,
                    status: self.status,
                }
            }
            Motion::Circle { center, radius, start_bearing, rate, shift } => {
                let bearing = start_bearing + rate * dt;
                let pos = translate(offset(*center, bearing, *radius), shift.0, shift.1);
                let course = (bearing + 90.0 * rate.signum()).rem_euclid(360.0);
                let speed = rate.abs().to_radians() * radius / MS_PER_KNOT;
                State { pos, speed, course, heading: course, status: self.status }
            }
            Motion::Straight { from, course, speed, heading } => State {
                pos: offset(*from, *course, speed * dt),
                speed: speed / MS_PER_KNOT,
                course: *course,
                heading: *heading,
                status: self.status,
            },
        }
    }
}

/// Distance covered and speed after `dt` seconds of a trapezoidal profile.
fn sail_progress(speeds: [f64; 3], times: [f64; 3], dt: f64) -> (f64, f64) {
    let [v0, v, v1] = speeds;
    let [t_in, t_cruise, t_out] = times;
    let s_in = (v0 + v) / 2.0 * t_in;
    if dt < t_in {
        let speed = v0 + (v - v0) * dt / t_in;
        return ((v0 + speed) / 2.0 * dt, speed);
    }
    if dt < t_in + t_cruise {
        return (s_in + v * (dt - t_in), v);
    }
    let tau = (dt - t_in - t_cruise).min(t_out);
    let speed = if t_out > 0.0 { v + (v1 - v) * tau / t_out } else { v1 };
    (s_in + v * t_cruise + (v + speed) / 2.0 * tau, speed)
}

/// The point `along` metres down a polyline, and the course there.
fn point_along(path: &[LatLon], cumulative: &[f64], along: f64) -> (LatLon, f64) {
    if path.len() < 2 {
        return (path[0], 0.0);
    }
    let idx = cumulative.partition_point(|&c| c <= along).clamp(1, path.len() - 1);
    let (a, b) = (path[idx - 1], path[idx]);
    let leg = cumulative[idx] - cumulative[idx - 1];
    let f = if leg > 0.0 { ((along - cumulative[idx - 1]) / leg).clamp(0.0, 1.0) } else { 1.0 };
    let pos = interpolate(a, b, f);
    // The course is the bearing towards the leg's end, from where the ship is.
    let course = if f < 1.0 { bearing_deg(pos, b) } else { bearing_deg(a, b) };
    (pos, course)
}

/// The durations (acceleration, cruise, deceleration) of sailing `length`
/// metres from `v0` through `v` to `v1` m/s with the given ramps; the ramps
/// shrink in proportion when the route is too short for them.
fn sail_times(length: f64, speeds: [f64; 3], ramps: (f64, f64)) -> [f64; 3] {
    let [v0, v, v1] = speeds;
    let (mut t_in, mut t_out) = ramps;
    let ramp_distance = (v0 + v) / 2.0 * t_in + (v + v1) / 2.0 * t_out;
    if ramp_distance > length {
        let k = length / ramp_distance;
        t_in *= k;
        t_out *= k;
        return [t_in, 0.0, t_out];
    }
    [t_in, (length - ramp_distance) / v, t_out]
}

/// A ship's whole plan: contiguous legs in time order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// The legs.
    pub legs: Vec<Leg>,
}

impl Plan {
    /// The state at `t`; before the first leg the first leg's start, after
    /// the last the last leg's end.
    pub fn state_at(&self, t: f64) -> State {
        let idx = self.legs.partition_point(|leg| leg.end <= t).min(self.legs.len() - 1);
        self.legs[idx].state(t)
    }

    /// When the plan ends.
    pub fn end(&self) -> f64 {
        self.legs.last().map_or(0.0, |leg| leg.end)
    }
}

/// Builds a [`Plan`] leg by leg from a start time and position.
#[derive(Debug, Clone)]
pub struct PlanBuilder {
    t: f64,
    pos: LatLon,
    heading: f64,
    legs: Vec<Leg>,
}

/// Default time to reach cruising speed from rest, or to stop: 20 minutes.
pub const RAMP_S: f64 = 1200.0;

impl PlanBuilder {
    /// A plan starting at `t` at `pos`, with the ship's bow on `heading`.
    pub fn new(t: f64, pos: LatLon, heading: f64) -> PlanBuilder {
        PlanBuilder { t, pos, heading, legs: Vec::new() }
    }

    /// The time the plan has reached.
    pub fn now(&self) -> f64 {
        self.t
    }

    /// Where the ship is at [`PlanBuilder::now`].
    pub fn pos(&self) -> LatLon {
        self.pos
    }

    fn push(&mut self, duration: f64, status: u8, motion: Motion) {
        let leg = Leg { start: self.t, end: self.t + duration.max(0.0), status, motion };
        let last = leg.state(leg.end);
        self.t = leg.end;
        self.pos = last.pos;
        self.heading = last.heading;
        self.legs.push(leg);
    }

    /// Lies still for `duration` seconds.
    pub fn stay(&mut self, duration: f64, status: u8) -> &mut Self {
        let motion = Motion::Stay { at: self.pos, heading: self.heading };
        self.push(duration, status, motion);
        self
    }

    /// Lies still until `t` (nothing when `t` has passed).
    pub fn stay_until(&mut self, t: f64, status: u8) -> &mut Self {
        let duration = t - self.t;
        if duration > 0.0 {
            self.stay(duration, status);
        }
        self
    }

    /// How long sailing `route` (starting where the ship is) takes.
    pub fn sail_duration(
        from: LatLon,
        route: &[LatLon],
        knots: [f64; 3],
        ramps: (f64, f64),
    ) -> f64 {
        let (path, cumulative) = polyline(from, route);
        let _ = path;
        let length = cumulative.last().copied().unwrap_or(0.0);
        sail_times(length, knots.map(|k| k * MS_PER_KNOT), ramps).iter().sum()
    }

    /// Sails from where the ship is through `route`, from `knots[0]` to
    /// `knots[1]` (cruise) to `knots[2]`, with acceleration and
    /// deceleration lasting `ramps` seconds.
    pub fn sail(&mut self, route: &[LatLon], knots: [f64; 3], ramps: (f64, f64)) -> &mut Self {
        let (path, cumulative) = polyline(self.pos, route);
        let length = cumulative.last().copied().unwrap_or(0.0);
        if length < 1.0 {
            return self;
        }
        let speeds = knots.map(|k| k * MS_PER_KNOT);
        let times = sail_times(length, speeds, ramps);
        let duration = times.iter().sum();
        self.push(
            duration,
            crate::track::status::UNDER_WAY,
            Motion::Sail { path, cumulative, speeds, times },
        );
        self
    }

    /// Circles slowly at `knots` for `duration` seconds, turning one full
    /// circle every `period` seconds (clockwise when `clockwise`), starting
    /// on the ship's present heading; the whole circle is shifted by
    /// `shift` (east, north) metres, for a second ship alongside.
    pub fn circle(
        &mut self,
        duration: f64,
        knots: f64,
        period: f64,
        clockwise: bool,
        shift: (f64, f64),
    ) -> &mut Self {
        let (center, start_bearing, rate, radius) =
            circle_geometry(self.pos, self.heading, knots, period, clockwise, shift);
        self.push(
            duration,
            status::UNDER_WAY,
            Motion::Circle { center, radius, start_bearing, rate, shift },
        );
        self
    }

    /// Moves straight along `course` at `knots` for `duration` seconds with
    /// the bow on `heading` (drifting).
    pub fn straight(
        &mut self,
        duration: f64,
        course: f64,
        knots: f64,
        heading: f64,
        status: u8,
    ) -> &mut Self {
        let motion =
            Motion::Straight { from: self.pos, course, speed: knots * MS_PER_KNOT, heading };
        self.push(duration, status, motion);
        self
    }

    /// Turns the bow to `heading` without moving (for the leg that follows).
    pub fn face(&mut self, heading: f64) -> &mut Self {
        self.heading = heading;
        self
    }

    /// The plan.
    pub fn build(self) -> Plan {
        Plan { legs: self.legs }
    }
}

/// The centre, starting bearing, angular rate and radius of a circle that
/// a ship at `pos` (after removing `shift`) on `heading` starts to follow.
pub fn circle_geometry(
    pos: LatLon,
    heading: f64,
    knots: f64,
    period: f64,
    clockwise: bool,
    shift: (f64, f64),
) -> (LatLon, f64, f64, f64) {
    let base = translate(pos, -shift.0, -shift.1);
    let radius = knots * MS_PER_KNOT * period / std::f64::consts::TAU;
    let side = if clockwise { 90.0 } else { -90.0 };
    let center = offset(base, heading + side, radius);
    let start_bearing = bearing_deg(center, base);
    let rate = 360.0 / period * if clockwise { 1.0 } else { -1.0 };
    (center, start_bearing, rate, radius)
}

fn polyline(from: LatLon, route: &[LatLon]) -> (Vec<LatLon>, Vec<f64>) {
    let mut path = vec![from];
    for &point in route {
        if distance_m(*path.last().unwrap_or(&from), point) > 0.5 {
            path.push(point);
        }
    }
    let mut cumulative = vec![0.0];
    for leg in path.windows(2) {
        let last = *cumulative.last().unwrap_or(&0.0);
        cumulative.push(last + distance_m(leg[0], leg[1]));
    }
    (path, cumulative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sea::ll;

    #[test]
    fn a_sail_reaches_its_end_at_the_end_speed() {
        let mut builder = PlanBuilder::new(0.0, ll(37.0, 124.0), 0.0);
        builder.sail(&[ll(37.5, 124.0)], [0.0, 12.0, 0.0], (RAMP_S, RAMP_S));
        let plan = builder.build();
        let end = plan.state_at(plan.end());
        assert!(distance_m(end.pos, ll(37.5, 124.0)) < 1.0);
        assert!(end.speed.abs() < 1e-9);
        let mid = plan.state_at(plan.end() / 2.0);
        assert!((mid.speed - 12.0).abs() < 1e-9 && mid.course.abs() < 0.1);
        // 30 nm at 12 kn plus two 20-minute ramps at half speed on average.
        assert!((plan.end() - (2.5 * 3600.0 + 1200.0)).abs() < 60.0, "{}", plan.end());
    }

    #[test]
    fn two_ships_on_shifted_circles_keep_their_distance() {
        let start = ll(38.4, 123.4);
        let mut a = PlanBuilder::new(0.0, start, 30.0);
        a.circle(3.0 * 3600.0, 0.6, 7200.0, true, (0.0, 0.0));
        let mut b = PlanBuilder::new(0.0, translate(start, 150.0, 0.0), 30.0);
        b.circle(3.0 * 3600.0, 0.6, 7200.0, true, (150.0, 0.0));
        let (a, b) = (a.build(), b.build());
        for minute in 0..180 {
            let t = minute as f64 * 60.0;
            let d = distance_m(a.state_at(t).pos, b.state_at(t).pos);
            assert!((d - 150.0).abs() < 2.0, "{d}");
            assert!((a.state_at(t).speed - 0.6).abs() < 1e-6);
        }
    }
}
