//! A grid over polygon edges, so that "is this point inside" and "how far is
//! the nearest edge" look at a handful of edges instead of all of them.
//!
//! The detectors ask both questions for every position of every vessel, and
//! Natural Earth's land alone has 60 000 edges (50m) to 400 000 (10m): a
//! linear scan costs milliseconds per position. The grid answers in
//! microseconds:
//!
//! - Every edge is registered in each cell it passes through (walked in steps
//!   of half a cell, so long edges do not fill their whole bounding box).
//! - A cell without edges is wholly inside or wholly outside; one horizontal
//!   scan line per row of cells decides which, and that is stored.
//! - A cell with edges ("mixed") stores a reference point and which polygons
//!   contain it. A query point in the same cell is inside a polygon when the
//!   reference point is, exclusive-or an odd number of that polygon's edges
//!   cross the segment between the two points; those edges all lie in the
//!   cell. Parity is kept per polygon, so overlapping polygons (countries
//!   sharing a border, a zone drawn twice) are still a union.
//! - For distances, cells are searched in rings around the query's cell, each
//!   cell skipped when its box is farther than the best edge so far, and the
//!   search stops when no unvisited cell can be nearer. Each cell also stores
//!   how many rings separate it from the nearest edge, so a position far out
//!   at sea is answered without visiting any cell.
//!
//! Edges along the antimeridian count for containment but not for distance:
//! they are where a ring was cut, not a coast.
//!
//! Containment follows the same half-open crossing rule as
//! [`crate::Polygon::contains`] (even-odd per polygon, planar in degrees), and
//! distances use the same formula as the linear scan, so the two agree except
//! for points exactly on an edge.
//!
//! # References
//! - Haines, E. "Point in Polygon Strategies", Graphics Gems IV (1994): the
//!   grid with per-cell reference points.

use crate::{is_seam, wrap_lon, LocalProjection as Metric, Polygon, EARTH_RADIUS_M};

/// Fewest and most cells a grid may have, whatever the polygons' extent.
const MIN_CELLS: usize = 64;
const MAX_CELLS: usize = 4_000_000;
/// Smallest and largest cell side in degrees.
const MIN_CELL_DEG: f64 = 0.01;
const MAX_CELL_DEG: f64 = 2.0;
/// Cells per edge the grid aims at: more cells mean fewer edges per cell.
const CELLS_PER_EDGE: f64 = 1.0;
/// Offsets of a cell's reference point from its centre, as a fraction of the
/// cell: odd values, so the point practically never lies on an edge or a
/// vertex of real data (which sit on round or quantized coordinates).
const REF_OFFSET_X: f64 = 0.021_739_130_4;
const REF_OFFSET_Y: f64 = 0.012_345_678_9;

/// What a cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellKind {
    /// No edge, and outside every polygon.
    Outside,
    /// No edge, and inside some polygon.
    Inside,
    /// Edges pass through it; see its [`MixedCell`].
    Mixed(u32),
}

/// The reference point of a cell that edges pass through.
#[derive(Debug, Clone)]
struct MixedCell {
    /// `[lon, lat]` of the reference point.
    reference: [f64; 2],
    /// Whether a polygon with no edge in this cell contains the cell (and so
    /// every point of it).
    background_inside: bool,
    /// Range into `RegionIndex::inside_polygons`: the polygons with edges in
    /// this cell that contain the reference point, ascending.
    inside: (u32, u32),
}

/// A spatial index over a set of polygons (land, or one zone's polygons):
/// point in polygon and distance to the nearest edge, answered from a grid of
/// cells.
///
/// Build it once with [`RegionIndex::new`] and query it from any number of
/// threads; [`crate::Geography`] builds its own lazily.
///
/// # Examples
/// ```
/// use vigil_geo::{Polygon, RegionIndex};
/// let square = Polygon {
///     exterior: vec![[125.0, 38.0], [126.0, 38.0], [126.0, 39.0], [125.0, 39.0]],
///     holes: vec![],
/// };
/// let index = RegionIndex::new(&[square], 100_000.0);
/// assert!(index.contains(38.5, 125.5));
/// assert!(!index.contains(38.5, 124.5));
/// let metres = index.distance_m(38.5, 124.9, 100_000.0);
/// assert!((metres - 8_700.0).abs() < 100.0, "{metres}");
/// ```
#[derive(Debug, Clone)]
pub struct RegionIndex {
    /// West edge of column 0 and south edge of row 0, degrees.
    x0: f64,
    y0: f64,
    /// Side of a cell, degrees.
    cell: f64,
    ncols: usize,
    nrows: usize,
    /// Whether columns wrap around the globe (the grid spans 360°).
    wraps: bool,
    /// How far (metres) the grid reaches beyond the polygons: every point
    /// outside the grid is at least this far from every edge.
    reach_m: f64,
    /// Edges as `[ax, ay, bx, by]` (lon, lat), numbered polygon by polygon.
    edges: Vec<[f64; 4]>,
    /// The polygon of each edge.
    edge_polygon: Vec<u32>,
    /// Per cell, the range of `cell_edges` holding its edges (ascending).
    cell_start: Vec<u32>,
    cell_edges: Vec<u32>,
    kinds: Vec<CellKind>,
    mixed: Vec<MixedCell>,
    inside_polygons: Vec<u32>,
    /// Per cell, how many rings of cells separate it from the nearest cell
    /// with edges (0 for such a cell), capped at 255.
    rings_to_edge: Vec<u8>,
    /// Per cell, the edge nearest its centre, or [`NO_HINT`] when none is
    /// within reach.
    hints: Vec<u32>,
}

/// No edge: a cell without a hint.
const NO_HINT: u32 = u32::MAX;

impl RegionIndex {
    /// Indexes `polygons`. `reach_m` is the farthest distance that
    /// [`RegionIndex::distance_m`] must measure exactly: the grid extends that
    /// far beyond the polygons (use 0 when only containment is asked).
    ///
    /// Rings are closed implicitly (a last vertex equal to the first is not
    /// needed); non-finite vertices are skipped.
    pub fn new(polygons: &[Polygon], reach_m: f64) -> RegionIndex {
        let (edges, edge_polygon) = collect_edges(polygons);
        let mut index = empty_grid(&edges, reach_m.max(0.0));
        index.edges = edges;
        index.edge_polygon = edge_polygon;
        index.register_edges();
        index.classify_cells();
        index.compute_rings_to_edge();
        if index.reach_m > 0.0 {
            // Only distance queries use hints; a containment-only index
            // (a zone) skips their cost.
            index.compute_hints();
        }
        index
    }

    /// Number of edges indexed.
    pub fn n_edges(&self) -> usize {
        self.edges.len()
    }

    /// Whether some polygon contains the position (degrees).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        let lon = normalize_lon(lon);
        let Some(cell) = self.cell_at(lon, lat) else {
            return false;
        };
        match self.kinds[cell] {
            CellKind::Outside => false,
            CellKind::Inside => true,
            CellKind::Mixed(slot) => {
                self.contains_in_mixed(cell, &self.mixed[slot as usize], lon, lat)
            }
        }
    }

    /// Distance in metres from the position to the nearest point of a
    /// polygon: 0 inside one, otherwise the nearest edge, measured as
    /// [`crate::Geography::distance_to_shore_m`] documents. The search stops
    /// at `max_m` (itself capped at the reach given to [`RegionIndex::new`]):
    /// anything farther returns that cap.
    pub fn distance_m(&self, lat: f64, lon: f64, max_m: f64) -> f64 {
        let cap = max_m.min(self.reach_m).max(0.0);
        let lon = normalize_lon(lon);
        if self.contains(lat, lon) {
            return 0.0;
        }
        let Some(cell) = self.cell_at(lon, lat) else {
            return cap;
        };
        let metric = Metric::around(lat, lon);
        // The edge nearest the cell's centre is within a cell's diagonal of
        // the answer: measuring it first bounds the search from the start.
        let hint = self.hints.get(cell).copied().unwrap_or(NO_HINT);
        let cap2 = cap * cap;
        let best2 =
            if hint == NO_HINT { cap2 } else { cap2.min(self.edge_distance2(&metric, hint)) };
        self.nearest_edge(&metric, cell, best2).0.sqrt().min(cap)
    }

    /// The squared distance to the nearest edge below `best2` (else
    /// `best2`), and that edge, searching rings of cells outwards from
    /// `cell`.
    fn nearest_edge(&self, metric: &Metric, cell: usize, mut best2: f64) -> (f64, u32) {
        let (col, row) = (cell % self.ncols, cell / self.ncols);
        let mut best_edge = NO_HINT;
        let mut ring = self.rings_to_edge[cell] as usize;
        loop {
            let bound = self.bound_beyond(metric, col, row, ring);
            if bound * bound >= best2 {
                break;
            }
            self.for_each_ring_cell(col, row, ring, |cell| {
                if self.cell_start[cell] == self.cell_start[cell + 1] {
                    return;
                }
                if self.cell_box_distance2(metric, cell) >= best2 {
                    return;
                }
                for &edge in self.edges_of(cell) {
                    let metres2 = self.edge_distance2(metric, edge);
                    if metres2 < best2 {
                        (best2, best_edge) = (metres2, edge);
                    }
                }
            });
            ring += 1;
        }
        (best2, best_edge)
    }

    /// Squared distance to one edge; infinite for an edge along the
    /// antimeridian.
    #[inline]
    fn edge_distance2(&self, metric: &Metric, edge: u32) -> f64 {
        let [ax, ay, bx, by] = self.edges[edge as usize];
        if is_seam([ax, ay], [bx, by]) {
            return f64::INFINITY;
        }
        metric.distance2_to_segment([ax, ay], [bx, by])
    }

    /// For every cell whose centre lies within reach (plus a cell's
    /// diagonal) of an edge, the edge nearest that centre.
    fn compute_hints(&mut self) {
        let n_cells = self.ncols * self.nrows;
        let mut hints = vec![NO_HINT; n_cells];
        for (cell, hint) in hints.iter_mut().enumerate() {
            if self.kinds[cell] == CellKind::Inside {
                continue;
            }
            let (col, row) = (cell % self.ncols, cell / self.ncols);
            let centre_lat = self.y0 + (row as f64 + 0.5) * self.cell;
            let centre_lon = self.x0 + (col as f64 + 0.5) * self.cell;
            let metric = Metric::around(centre_lat, centre_lon);
            let diagonal = self.cell * metric.metres_per_deg_lat * std::f64::consts::SQRT_2;
            *hint = self.nearest_edge(&metric, cell, (self.reach_m + diagonal).powi(2)).1;
        }
        self.hints = hints;
    }

    fn edges_of(&self, cell: usize) -> &[u32] {
        &self.cell_edges[self.cell_start[cell] as usize..self.cell_start[cell + 1] as usize]
    }

    /// The cell holding `[lon, lat]`, or `None` outside the grid.
    fn cell_at(&self, lon: f64, lat: f64) -> Option<usize> {
        let col = ((lon - self.x0) / self.cell).floor();
        let row = ((lat - self.y0) / self.cell).floor();
        if !(col.is_finite() && row.is_finite()) || row < 0.0 || row >= self.nrows as f64 {
            return None;
        }
        let col = if self.wraps {
            (col as i64).rem_euclid(self.ncols as i64) as usize
        } else if col < 0.0 || col >= self.ncols as f64 {
            return None;
        } else {
            col as usize
        };
        Some(row as usize * self.ncols + col)
    }

    fn contains_in_mixed(&self, cell: usize, mixed: &MixedCell, lon: f64, lat: f64) -> bool {
        if mixed.background_inside {
            return true;
        }
        let inside = &self.inside_polygons[mixed.inside.0 as usize..mixed.inside.1 as usize];
        let edges = self.edges_of(cell);
        let query = [lon, lat];
        let mut idx = 0;
        while idx < edges.len() {
            let polygon = self.edge_polygon[edges[idx] as usize];
            let mut odd = false;
            while idx < edges.len() && self.edge_polygon[edges[idx] as usize] == polygon {
                odd ^= segments_cross(query, mixed.reference, self.edges[edges[idx] as usize]);
                idx += 1;
            }
            if inside.binary_search(&polygon).is_ok() != odd {
                return true;
            }
        }
        false
    }

    /// Registers every edge in each cell it passes through.
    fn register_edges(&mut self) {
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(self.edges.len() * 2);
        for (edge_idx, &[ax, ay, bx, by]) in self.edges.iter().enumerate() {
            let steps = ((bx - ax).abs().max((by - ay).abs()) / (self.cell * 0.5)).ceil().max(1.0);
            let steps = steps.min(1e6) as usize;
            let mut prev = [ax, ay];
            for step in 1..=steps {
                let t = step as f64 / steps as f64;
                let next = [ax + (bx - ax) * t, ay + (by - ay) * t];
                let (c0, c1) = self.col_range(prev[0].min(next[0]), prev[0].max(next[0]));
                let (r0, r1) = self.row_range(prev[1].min(next[1]), prev[1].max(next[1]));
                for row in r0..=r1 {
                    for col in c0..=c1 {
                        pairs.push(((row * self.ncols + col) as u32, edge_idx as u32));
                    }
                }
                prev = next;
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let n_cells = self.ncols * self.nrows;
        self.cell_start = vec![0; n_cells + 1];
        for &(cell, _) in &pairs {
            self.cell_start[cell as usize + 1] += 1;
        }
        for cell in 0..n_cells {
            self.cell_start[cell + 1] += self.cell_start[cell];
        }
        self.cell_edges = pairs.into_iter().map(|(_, edge)| edge).collect();
    }

    /// Columns covering `[west, east]`, clamped to the grid.
    fn col_range(&self, west: f64, east: f64) -> (usize, usize) {
        let clamp =
            |x: f64| (((x - self.x0) / self.cell).floor().max(0.0) as usize).min(self.ncols - 1);
        (clamp(west), clamp(east))
    }

    fn row_range(&self, south: f64, north: f64) -> (usize, usize) {
        let clamp =
            |y: f64| (((y - self.y0) / self.cell).floor().max(0.0) as usize).min(self.nrows - 1);
        (clamp(south), clamp(north))
    }

    fn reference_point(&self, col: usize, row: usize) -> [f64; 2] {
        [
            self.x0 + (col as f64 + 0.5 + REF_OFFSET_X) * self.cell,
            self.y0 + (row as f64 + 0.5 + REF_OFFSET_Y) * self.cell,
        ]
    }

    /// Decides, row by row, which edgeless cells are inside and which
    /// polygons contain each mixed cell's reference point, by walking one
    /// horizontal line through the reference points and toggling each
    /// polygon's parity at every edge it crosses.
    fn classify_cells(&mut self) {
        let n_polygons = self.edge_polygon.last().map_or(0, |&p| p as usize + 1);
        let mut odd = vec![false; n_polygons];
        let mut n_odd = 0usize;
        let mut row_edges: Vec<u32> = Vec::new();
        let mut crossings: Vec<(f64, u32)> = Vec::new();
        self.kinds = vec![CellKind::Outside; self.ncols * self.nrows];
        for row in 0..self.nrows {
            let line_y = self.reference_point(0, row)[1];
            row_edges.clear();
            for col in 0..self.ncols {
                row_edges.extend_from_slice(self.edges_of(row * self.ncols + col));
            }
            row_edges.sort_unstable();
            row_edges.dedup();
            crossings.clear();
            for &edge in &row_edges {
                let [ax, ay, bx, by] = self.edges[edge as usize];
                if (ay > line_y) != (by > line_y) {
                    let x = (bx - ax) * (line_y - ay) / (by - ay) + ax;
                    crossings.push((x, self.edge_polygon[edge as usize]));
                }
            }
            crossings.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            let mut next_crossing = 0;
            for col in 0..self.ncols {
                let reference = self.reference_point(col, row);
                while next_crossing < crossings.len() && crossings[next_crossing].0 < reference[0] {
                    toggle(&mut odd, &mut n_odd, crossings[next_crossing].1);
                    next_crossing += 1;
                }
                let cell = row * self.ncols + col;
                self.kinds[cell] = self.classify_cell(cell, reference, &odd, n_odd);
            }
            for &(_, polygon) in &crossings[next_crossing..] {
                toggle(&mut odd, &mut n_odd, polygon);
            }
            debug_assert_eq!(n_odd, 0, "every closed ring crosses a line an even number of times");
            if n_odd != 0 {
                odd.iter_mut().for_each(|o| *o = false);
                n_odd = 0;
            }
        }
    }

    fn classify_cell(
        &mut self,
        cell: usize,
        reference: [f64; 2],
        odd: &[bool],
        n_odd: usize,
    ) -> CellKind {
        let (start, end) = (self.cell_start[cell] as usize, self.cell_start[cell + 1] as usize);
        if start == end {
            return if n_odd > 0 { CellKind::Inside } else { CellKind::Outside };
        }
        let first_inside = self.inside_polygons.len() as u32;
        let mut last_polygon = u32::MAX;
        for &edge in &self.cell_edges[start..end] {
            let polygon = self.edge_polygon[edge as usize];
            if polygon != last_polygon && odd[polygon as usize] {
                self.inside_polygons.push(polygon);
            }
            last_polygon = polygon;
        }
        let n_inside_here = self.inside_polygons.len() - first_inside as usize;
        self.mixed.push(MixedCell {
            reference,
            background_inside: n_odd > n_inside_here,
            inside: (first_inside, self.inside_polygons.len() as u32),
        });
        CellKind::Mixed(self.mixed.len() as u32 - 1)
    }

    /// Breadth-first search from every cell with edges over the 8-neighbour
    /// grid (Chebyshev distance, wrapping when the grid does).
    fn compute_rings_to_edge(&mut self) {
        let n_cells = self.ncols * self.nrows;
        self.rings_to_edge = vec![u8::MAX; n_cells];
        let mut frontier: Vec<usize> = (0..n_cells)
            .filter(|&cell| self.cell_start[cell] != self.cell_start[cell + 1])
            .collect();
        for &cell in &frontier {
            self.rings_to_edge[cell] = 0;
        }
        let mut next = Vec::new();
        for distance in 1..u8::MAX {
            if frontier.is_empty() {
                break;
            }
            next.clear();
            for &cell in &frontier {
                let (col, row) = (cell % self.ncols, cell / self.ncols);
                self.for_each_ring_cell(col, row, 1, |neighbour| next.push(neighbour));
            }
            frontier.clear();
            for &cell in &next {
                if self.rings_to_edge[cell] == u8::MAX {
                    self.rings_to_edge[cell] = distance;
                    frontier.push(cell);
                }
            }
        }
    }

    /// Calls `visit` on each cell at Chebyshev distance `ring` from
    /// `(col, row)` (each at most once per ring), skipping cells beyond the
    /// grid's edges.
    fn for_each_ring_cell(
        &self,
        col: usize,
        row: usize,
        ring: usize,
        mut visit: impl FnMut(usize),
    ) {
        let (col, row, ring_i) = (col as i64, row as i64, ring as i64);
        let ncols = self.ncols as i64;
        let wrap_col = |c: i64| -> Option<usize> {
            if self.wraps {
                Some(c.rem_euclid(ncols) as usize)
            } else {
                (0..ncols).contains(&c).then_some(c as usize)
            }
        };
        let row_ok = |r: i64| (0..self.nrows as i64).contains(&r);
        if ring == 0 {
            visit(row as usize * self.ncols + col as usize);
            return;
        }
        // Along a wrapping row, columns beyond half the grid were already
        // visited from the other side.
        let full_row = self.wraps && 2 * ring_i + 1 >= ncols;
        for r in [row - ring_i, row + ring_i] {
            if !row_ok(r) {
                continue;
            }
            if full_row {
                (0..self.ncols).for_each(|c| visit(r as usize * self.ncols + c));
            } else {
                for c in col - ring_i..=col + ring_i {
                    if let Some(c) = wrap_col(c) {
                        visit(r as usize * self.ncols + c);
                    }
                }
            }
        }
        if full_row {
            return;
        }
        for r in (row - ring_i + 1)..=(row + ring_i - 1) {
            if !row_ok(r) {
                continue;
            }
            for c in [col - ring_i, col + ring_i] {
                if let Some(c) = wrap_col(c) {
                    visit(r as usize * self.ncols + c);
                }
            }
        }
    }

    /// A lower bound on the distance from the query to every cell at ring
    /// `ring` or beyond around its cell `(col, row)`: the distance to the
    /// border of the block of cells within `ring - 1`. Infinite when no such
    /// cell exists.
    fn bound_beyond(&self, metric: &Metric, col: usize, row: usize, ring: usize) -> f64 {
        if ring == 0 {
            return 0.0;
        }
        let inner = ring as i64 - 1;
        let (col, row) = (col as i64, row as i64);
        let mut bound = f64::INFINITY;
        if row - inner > 0 {
            let south = self.y0 + (row - inner) as f64 * self.cell;
            bound = bound.min((metric.lat - south) * metric.metres_per_deg_lat);
        }
        if row + inner + 1 < self.nrows as i64 {
            let north = self.y0 + (row + inner + 1) as f64 * self.cell;
            bound = bound.min((north - metric.lat) * metric.metres_per_deg_lat);
        }
        let all_columns = if self.wraps { 2 * inner + 1 >= self.ncols as i64 } else { false };
        if !all_columns && (self.wraps || col - inner > 0) {
            let west = self.x0 + (col - inner) as f64 * self.cell;
            bound = bound.min((metric.lon - west) * metric.metres_per_deg_lon);
        }
        if !all_columns && (self.wraps || col + inner + 1 < self.ncols as i64) {
            let east = self.x0 + (col + inner + 1) as f64 * self.cell;
            bound = bound.min((east - metric.lon) * metric.metres_per_deg_lon);
        }
        bound.max(0.0)
    }

    /// Squared distance from the query to the nearest point of a cell's box,
    /// in the same local projection as the edge distances.
    fn cell_box_distance2(&self, metric: &Metric, cell: usize) -> f64 {
        let (col, row) = (cell % self.ncols, cell / self.ncols);
        let west = self.x0 + col as f64 * self.cell;
        let south = self.y0 + row as f64 * self.cell;
        let dy = (south - metric.lat).max(metric.lat - (south + self.cell)).max(0.0);
        let to_west = wrap_lon(west - metric.lon);
        let to_east = wrap_lon(west + self.cell - metric.lon);
        let dx = if to_west <= 0.0 && to_west >= -self.cell {
            0.0
        } else {
            to_west.abs().min(to_east.abs())
        };
        (dx * metric.metres_per_deg_lon).powi(2) + (dy * metric.metres_per_deg_lat).powi(2)
    }
}

fn toggle(odd: &mut [bool], n_odd: &mut usize, polygon: u32) {
    let state = &mut odd[polygon as usize];
    *state = !*state;
    if *state {
        *n_odd += 1;
    } else {
        *n_odd -= 1;
    }
}

/// Whether the edge `[ax, ay, bx, by]` crosses the segment from `query` to
/// `reference`. An edge vertex lying exactly on the segment's line counts on
/// the negative side, the same half-open rule as the ray test in
/// [`crate::Polygon::contains`], so a ring passing through a vertex on the
/// line is counted once, not twice.
fn segments_cross(query: [f64; 2], reference: [f64; 2], edge: [f64; 4]) -> bool {
    let [ax, ay, bx, by] = edge;
    let side = |x: f64, y: f64, p: [f64; 2], q: [f64; 2]| {
        (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]) > 0.0
    };
    if side(ax, ay, query, reference) == side(bx, by, query, reference) {
        return false;
    }
    side(query[0], query[1], [ax, ay], [bx, by])
        != side(reference[0], reference[1], [ax, ay], [bx, by])
}

/// Longitude folded into `[-180, 180)`.
fn normalize_lon(lon: f64) -> f64 {
    if (-180.0..180.0).contains(&lon) {
        lon
    } else {
        wrap_lon(lon)
    }
}

/// Every edge of every ring, closing each ring, skipping non-finite vertices
/// and zero-length edges, with the polygon each belongs to.
fn collect_edges(polygons: &[Polygon]) -> (Vec<[f64; 4]>, Vec<u32>) {
    let mut edges = Vec::new();
    let mut owners = Vec::new();
    for (polygon_idx, polygon) in polygons.iter().enumerate() {
        for ring in std::iter::once(&polygon.exterior).chain(&polygon.holes) {
            let vertices: Vec<[f64; 2]> =
                ring.iter().copied().filter(|v| v[0].is_finite() && v[1].is_finite()).collect();
            for idx in 0..vertices.len() {
                let (a, b) = (vertices[idx], vertices[(idx + 1) % vertices.len()]);
                if a != b {
                    edges.push([a[0], a[1], b[0], b[1]]);
                    owners.push(polygon_idx as u32);
                }
            }
        }
    }
    (edges, owners)
}

/// A grid covering the edges' box plus `reach_m` on every side, with cells
/// sized to the number of edges; the whole globe's width when that box comes
/// near it.
fn empty_grid(edges: &[[f64; 4]], reach_m: f64) -> RegionIndex {
    let (mut west, mut east, mut south, mut north) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
    for &[ax, ay, bx, by] in edges {
        west = west.min(ax.min(bx));
        east = east.max(ax.max(bx));
        south = south.min(ay.min(by));
        north = north.max(ay.max(by));
    }
    if edges.is_empty() {
        (west, east, south, north) = (0.0, 0.0, 0.0, 0.0);
    }
    let metres_per_deg = EARTH_RADIUS_M.to_radians();
    let pad_lat = reach_m / metres_per_deg;
    let (south, north) = ((south - pad_lat).max(-90.0), (north + pad_lat).min(90.0));
    let widest_cos = south.abs().max(north.abs()).to_radians().cos();
    let pad_lon = if widest_cos > 1e-3 { reach_m / (metres_per_deg * widest_cos) } else { 360.0 };
    let (mut west, mut east) = (west - pad_lon, east + pad_lon);
    let wraps = east - west >= 360.0 - MAX_CELL_DEG;
    if wraps {
        (west, east) = (-180.0, 180.0);
    }
    let area = ((east - west) * (north - south)).max(MIN_CELL_DEG * MIN_CELL_DEG);
    let target_cells =
        (edges.len() as f64 * CELLS_PER_EDGE).clamp(MIN_CELLS as f64, MAX_CELLS as f64);
    let mut cell = (area / target_cells).sqrt().clamp(MIN_CELL_DEG, MAX_CELL_DEG);
    if wraps {
        // A whole number of cells around the globe, so column 0 follows the last.
        cell = 360.0 / (360.0 / cell).round();
    }
    let ncols = (((east - west) / cell).ceil() as usize).max(1);
    let nrows = (((north - south) / cell).ceil() as usize).max(1);
    // The last row and column may stick out past the padded box; that only
    // widens the reach.
    RegionIndex {
        x0: west,
        y0: south,
        cell,
        ncols,
        nrows,
        wraps,
        reach_m,
        edges: Vec::new(),
        edge_polygon: Vec::new(),
        cell_start: vec![0; ncols * nrows + 1],
        cell_edges: Vec::new(),
        kinds: Vec::new(),
        mixed: Vec::new(),
        inside_polygons: Vec::new(),
        rings_to_edge: Vec::new(),
        hints: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(west: f64, south: f64, side: f64) -> Vec<[f64; 2]> {
        vec![[west, south], [west + side, south], [west + side, south + side], [west, south + side]]
    }

    /// A deterministic sequence of points over a box (no RNG crate needed).
    fn points(n: usize, west: f64, south: f64, width: f64, height: f64) -> Vec<(f64, f64)> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n).map(|_| (south + next() * height, west + next() * width)).collect()
    }

    fn naive_contains(polygons: &[Polygon], lat: f64, lon: f64) -> bool {
        polygons.iter().any(|p| p.contains(lat, lon))
    }

    #[test]
    fn holes_overlaps_and_concave_rings_agree_with_the_polygon_test() {
        let comb = Polygon {
            exterior: vec![
                [0.0, 0.0],
                [5.0, 0.0],
                [5.0, 5.0],
                [4.0, 1.0],
                [3.0, 5.0],
                [2.0, 1.0],
                [1.0, 5.0],
            ],
            holes: vec![],
        };
        let with_hole =
            Polygon { exterior: square(6.0, 0.0, 4.0), holes: vec![square(7.0, 1.0, 2.0)] };
        let overlapping = Polygon { exterior: square(8.0, 2.0, 3.0), holes: vec![] };
        let polygons = vec![comb, with_hole, overlapping];
        let index = RegionIndex::new(&polygons, 50_000.0);
        let mut n_inside = 0;
        for (lat, lon) in points(20_000, -1.0, -1.0, 13.0, 7.0) {
            let expected = naive_contains(&polygons, lat, lon);
            assert_eq!(index.contains(lat, lon), expected, "({lat}, {lon})");
            n_inside += expected as usize;
        }
        assert!(n_inside > 1000, "the sample must reach inside: {n_inside}");
        // Inside the overlap of the holed square and the third square.
        assert!(index.contains(2.5, 8.5));
        // In the hole, outside the overlap.
        assert!(!index.contains(1.5, 7.5));
    }

    #[test]
    fn distances_agree_with_the_linear_scan_and_saturate_at_the_cap() {
        let polygons = vec![
            Polygon { exterior: square(125.0, 38.0, 1.0), holes: vec![] },
            Polygon { exterior: vec![[127.0, 37.0], [128.0, 37.5], [127.2, 38.5]], holes: vec![] },
        ];
        let cap = 150_000.0;
        let index = RegionIndex::new(&polygons, cap);
        for (lat, lon) in points(5_000, 122.0, 35.0, 8.0, 6.0) {
            let expected = if naive_contains(&polygons, lat, lon) {
                0.0
            } else {
                crate::naive_distance_m(&polygons, lat, lon).min(cap)
            };
            let got = index.distance_m(lat, lon, cap);
            assert!(
                (got - expected).abs() <= 1e-6 * expected.max(1.0),
                "({lat}, {lon}): {got} vs {expected}"
            );
        }
        assert_eq!(index.distance_m(10.0, 10.0, cap), cap);
        assert_eq!(index.distance_m(38.5, 124.0, 1_000.0), 1_000.0);
    }

    #[test]
    fn world_wide_grids_wrap_around_the_antimeridian() {
        // An island straddling the antimeridian as two halves, as Natural
        // Earth draws Chukotka and Fiji.
        let polygons = vec![
            Polygon {
                exterior: vec![[179.0, 10.0], [180.0, 10.0], [180.0, 11.0], [179.0, 11.0]],
                holes: vec![],
            },
            Polygon {
                exterior: vec![[-180.0, 10.0], [-179.0, 10.0], [-179.0, 11.0], [-180.0, 11.0]],
                holes: vec![],
            },
            Polygon { exterior: square(-10.0, -80.0, 100.0), holes: vec![] },
        ];
        let index = RegionIndex::new(&polygons, 200_000.0);
        assert!(index.wraps);
        assert!(
            index.contains(10.5, 179.5)
                && index.contains(10.5, -179.5)
                && index.contains(10.5, 180.5)
        );
        // West of the western half, 0.5° of longitude away: found through the
        // wrap from the other half's side too.
        let metres = index.distance_m(10.5, -178.5, 200_000.0);
        let expected = crate::haversine_m(10.5, -178.5, 10.5, -179.0);
        assert!((metres - expected).abs() < 0.01 * expected, "{metres} vs {expected}");
        let metres = index.distance_m(10.5, 178.5, 200_000.0);
        assert!((metres - expected).abs() < 0.01 * expected, "{metres} vs {expected}");
    }

    #[test]
    fn empty_and_degenerate_input_gives_an_empty_region() {
        let index = RegionIndex::new(&[], 1000.0);
        assert!(!index.contains(0.0, 0.0));
        assert_eq!(index.distance_m(0.0, 0.0, 500.0), 500.0);
        let nan = Polygon { exterior: vec![[f64::NAN, 1.0], [2.0, f64::INFINITY]], holes: vec![] };
        let index = RegionIndex::new(&[nan], 1000.0);
        assert_eq!(index.n_edges(), 0);
        assert!(!index.contains(f64::NAN, 0.0));
    }
}
