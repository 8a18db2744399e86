//! The plan: logical nodes (what the client builds and Ballista ships to the
//! scheduler), the physical operator (what executors run), the planner that
//! maps one to the other, and the codecs that carry both over the wire.
//!
//! One logical node type ([`VigilNode`]) and one operator type
//! ([`VigilExec`]) cover the steps, told apart by [`Op`]:
//!
//! | op | input | required distribution | required order | output |
//! |---|---|---|---|---|
//! | `Segment` | positions | hash(mmsi) | mmsi, ts, file, line | positions + segment, hash(mmsi) |
//! | `VesselEvents` | segmented positions, statics | hash(mmsi), hash(mmsi) | — | events |
//! | `ImoIdentity` | statics | hash(imo) | — | events (one IMO, two MMSIs) |
//! | `Halo` | segmented positions | hash(mmsi) | — | (bin, cell) copies of each track's places |
//! | `Proximity` | halo copies | hash(bin, row, col) | — | candidate (pair, bin)s |
//! | `PairWindows` | candidate (pair, bin)s | hash(mmsi_a, mmsi_b) | — | (pair, vessel, window) |
//! | `Windowed` | segmented positions, windows | hash(mmsi), hash(mmsi) | — | (pair, position) in the pair's windows |
//! | `Encounter` | windowed positions | hash(mmsi_a, mmsi_b) | mmsi_a, mmsi_b, ts, mmsi, file, line | events |
//!
//! DataFusion's optimizer inserts the repartitions and sorts that these
//! requirements call for; Ballista turns each hash repartition into a
//! shuffle between stages. `Segment` keeps its input's partitioning by MMSI
//! and says so, so the steps after it that need whole vessels read it
//! without another shuffle.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use async_trait::async_trait;
use datafusion::arrow::array::{
    AsArray, BooleanArray, Float64Array, Int32Array, Int64Array, RecordBatch, UInt32Array,
};
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::datatypes::{
    DataType, Field, Float64Type, Int32Type, Int64Type, Schema, SchemaRef, UInt32Type,
};
use datafusion::common::{DFSchema, DFSchemaRef};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::context::{QueryPlanner, SessionState};
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{
    Expr, Extension, LogicalPlan, UserDefinedLogicalNode, UserDefinedLogicalNodeCore,
};
use datafusion::physical_expr::{EquivalenceProperties, LexRequirement, PhysicalSortRequirement};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::expressions::col;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, ExecutionPlanProperties,
    Partitioning, PlanProperties, SendableRecordBatchStream,
};
use datafusion::physical_planner::{DefaultPhysicalPlanner, ExtensionPlanner, PhysicalPlanner};
use datafusion::prelude::SessionConfig;
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use vigil_ais::detect::config::DetectConfig;
use vigil_ais::detect::{Context, TrackPoint};
use vigil_geo::Geography;

pub use crate::kernels::InputClock;
use crate::kernels::{
    bin_places, close_pairs, halo_copies, imo_identity_changes, pair_encounters, pair_windows,
    segment_vessel, vessel_events, CellCopy, EncounterBins, Placed,
};
use crate::rows::{
    events_batch, events_schema, read_positions, read_statics, segmented_batch, segmented_schema,
};

/// The version every plan fragment carries: executors and the scheduler
/// refuse fragments of another vigil build (see [`check_version`]).
pub const PLAN_VERSION: &str = concat!("vigil ", env!("CARGO_PKG_VERSION"), " plan 1");

/// What a run needs besides its input: thresholds and geography. Carried in
/// every node, so executors build the same detectors as the client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Serialize, Deserialize, Default)]
pub struct RunSpec {
    /// The detector configuration, TOML (as `--config` reads it).
    pub config_toml: String,
    /// Land polygons file, read on each executor (same path everywhere).
    pub land: Option<String>,
    /// Extra port files.
    pub ports: Vec<String>,
    /// Extra zone files.
    pub zones: Vec<String>,
    /// Ports whose calls are events.
    pub watch_ports: Vec<String>,
}

impl RunSpec {
    /// The thresholds.
    pub fn config(&self) -> Result<DetectConfig> {
        let config: DetectConfig = toml::from_str(&self.config_toml)
            .map_err(|e| DataFusionError::Plan(format!("detector configuration: {e}")))?;
        config
            .validate()
            .map_err(|e| DataFusionError::Plan(format!("detector configuration: {e}")))?;
        Ok(config)
    }

    /// The geography, loaded once per process and spec.
    pub fn geography(&self) -> Result<Arc<Geography>> {
        static CACHE: OnceLock<Mutex<HashMap<RunSpec, Arc<Geography>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(geo) = cache.lock().map_err(|_| poisoned())?.get(self) {
            return Ok(geo.clone());
        }
        let paths = |v: &[String]| v.iter().map(Into::into).collect::<Vec<std::path::PathBuf>>();
        let land = self.land.as_ref().map(std::path::PathBuf::from);
        let (mut geo, _report) =
            Geography::load(land.as_deref(), &paths(&self.ports), &paths(&self.zones))
                .map_err(|e| DataFusionError::Execution(format!("geography: {e}")))?;
        if !self.watch_ports.is_empty() {
            let names: Vec<&str> = self.watch_ports.iter().map(String::as_str).collect();
            geo.watch_ports_named(&names);
        }
        let geo = Arc::new(geo);
        cache.lock().map_err(|_| poisoned())?.insert(self.clone(), geo.clone());
        Ok(geo)
    }
}

fn poisoned() -> DataFusionError {
    DataFusionError::Internal("geography cache poisoned".into())
}

/// The step a node or operator performs (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Serialize, Deserialize)]
pub enum Op {
    /// Per vessel: track segments.
    Segment,
    /// Per vessel: every detector but encounters. Their clock is the whole
    /// input's (see [`InputClock`]), so each task is given it.
    VesselEvents {
        /// When the detectors forget silent vessels, and the input's end.
        clock: InputClock,
    },
    /// Per IMO number: one IMO under two MMSIs.
    ImoIdentity,
    /// Each position into its cell and the cells within reach.
    Halo,
    /// Per (bin, cell): candidate pairs, with the bin.
    Proximity,
    /// Per pair: the time windows its encounters depend on.
    PairWindows,
    /// Per vessel: its positions inside each of its pairs' windows.
    Windowed,
    /// Per pair: encounter runs.
    Encounter,
}

impl Op {
    fn name(&self) -> &'static str {
        match self {
            Op::Segment => "VigilSegment",
            Op::VesselEvents { .. } => "VigilVesselEvents",
            Op::ImoIdentity => "VigilImoIdentity",
            Op::Halo => "VigilHalo",
            Op::Proximity => "VigilProximity",
            Op::PairWindows => "VigilPairWindows",
            Op::Windowed => "VigilWindowed",
            Op::Encounter => "VigilEncounter",
        }
    }

    fn inputs(&self) -> usize {
        if matches!(self, Op::VesselEvents { .. } | Op::Windowed) {
            2
        } else {
            1
        }
    }

    /// The output schema.
    pub fn schema(&self) -> SchemaRef {
        match self {
            Op::Segment => segmented_schema(),
            Op::VesselEvents { .. } | Op::ImoIdentity | Op::Encounter => events_schema(),
            Op::Halo => halo_schema(),
            Op::Proximity => pairs_schema(),
            Op::PairWindows => windows_schema(),
            Op::Windowed => windowed_schema(),
        }
    }
}

/// The halo step's output.
pub fn halo_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("bin", DataType::Int64, false),
        Field::new("cell_row", DataType::Int32, false),
        Field::new("cell_col", DataType::Int32, false),
        Field::new("home", DataType::Boolean, false),
        Field::new("mmsi", DataType::UInt32, false),
        Field::new("lat", DataType::Float64, false),
        Field::new("lon", DataType::Float64, false),
    ]))
}

/// Candidate pairs, smaller MMSI first, and the encounter bin in which
/// their places were within reach.
pub fn pairs_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("mmsi_a", DataType::UInt32, false),
        Field::new("mmsi_b", DataType::UInt32, false),
        Field::new("bin", DataType::Int64, false),
    ]))
}

/// A pair's time window `[from_ms, to_ms)`, once for each of its vessels
/// (`mmsi`).
pub fn windows_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("mmsi_a", DataType::UInt32, false),
        Field::new("mmsi_b", DataType::UInt32, false),
        Field::new("mmsi", DataType::UInt32, false),
        Field::new("from_ms", DataType::Int64, false),
        Field::new("to_ms", DataType::Int64, false),
    ]))
}

/// Segmented positions with the pair whose window holds them.
pub fn windowed_schema() -> SchemaRef {
    let mut fields: Vec<Field> =
        segmented_schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("mmsi_a", DataType::UInt32, false));
    fields.push(Field::new("mmsi_b", DataType::UInt32, false));
    Arc::new(Schema::new(fields))
}

/// The logical node of every step.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VigilNode {
    op: Op,
    spec: RunSpec,
    inputs: Vec<LogicalPlan>,
    schema: DFSchemaRef,
}

impl PartialOrd for VigilNode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        match (&self.op, &self.spec).partial_cmp(&(&other.op, &other.spec)) {
            Some(std::cmp::Ordering::Equal) => self.inputs.partial_cmp(&other.inputs),
            order => order,
        }
    }
}

impl VigilNode {
    /// A node of `op` over `inputs`.
    pub fn new(op: Op, spec: RunSpec, inputs: Vec<LogicalPlan>) -> Result<VigilNode> {
        if inputs.len() != op.inputs() {
            return Err(DataFusionError::Plan(format!(
                "{} takes {} inputs, not {}",
                op.name(),
                op.inputs(),
                inputs.len()
            )));
        }
        let schema = Arc::new(DFSchema::try_from(op.schema().as_ref().clone())?);
        Ok(VigilNode { op, spec, inputs, schema })
    }

    /// The node as a plan.
    pub fn into_plan(self) -> LogicalPlan {
        LogicalPlan::Extension(Extension { node: Arc::new(self) })
    }
}

impl UserDefinedLogicalNodeCore for VigilNode {
    fn name(&self) -> &str {
        self.op.name()
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        self.inputs.iter().collect()
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<Expr> {
        Vec::new()
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.op.name())
    }

    fn with_exprs_and_inputs(&self, _exprs: Vec<Expr>, inputs: Vec<LogicalPlan>) -> Result<Self> {
        VigilNode::new(self.op.clone(), self.spec.clone(), inputs)
    }
}

/// The physical operator of every step.
#[derive(Debug)]
pub struct VigilExec {
    op: Op,
    spec: RunSpec,
    children: Vec<Arc<dyn ExecutionPlan>>,
    properties: Arc<PlanProperties>,
}

impl VigilExec {
    /// The operator of `op` over `children`.
    pub fn new(op: Op, spec: RunSpec, children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Self> {
        if children.len() != op.inputs() {
            return Err(DataFusionError::Plan(format!(
                "{} takes {} inputs",
                op.name(),
                op.inputs()
            )));
        }
        let partitions = children[0].output_partitioning().partition_count();
        // Segment's rows stay in their input partition, which its
        // requirement makes hash(mmsi): said here, the later whole-vessel
        // steps need no shuffle of their own.
        let partitioning = match op {
            Op::Segment => Partitioning::Hash(vec![col("mmsi", &op.schema())?], partitions),
            _ => Partitioning::UnknownPartitioning(partitions),
        };
        let properties = PlanProperties::new(
            EquivalenceProperties::new(op.schema()),
            partitioning,
            EmissionType::Final,
            Boundedness::Bounded,
        );
        Ok(VigilExec { op, spec, children, properties: Arc::new(properties) })
    }

    fn hash_on(&self, child: usize, names: &[&str]) -> Result<Distribution> {
        let schema = self.children[child].schema();
        let exprs = names.iter().map(|n| col(n, &schema)).collect::<Result<Vec<_>>>()?;
        Ok(Distribution::KeyPartitioned(exprs))
    }

    fn order_on(&self, names: &[&str]) -> Option<datafusion::physical_expr::OrderingRequirements> {
        let schema = self.children[0].schema();
        let reqs: Option<Vec<PhysicalSortRequirement>> = names
            .iter()
            .map(|n| {
                col(n, &schema)
                    .ok()
                    .map(|e| PhysicalSortRequirement::new(e, Some(SortOptions::default())))
            })
            .collect();
        LexRequirement::new(reqs?).map(datafusion::physical_expr::OrderingRequirements::new)
    }
}

impl DisplayAs for VigilExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}Exec", self.op.name())
    }
}

impl ExecutionPlan for VigilExec {
    fn name(&self) -> &str {
        self.op.name()
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        self.children.iter().collect()
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(
            &Arc<dyn datafusion::physical_expr::PhysicalExpr>,
        ) -> Result<datafusion::common::tree_node::TreeNodeRecursion>,
    ) -> Result<datafusion::common::tree_node::TreeNodeRecursion> {
        Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
    }

    fn required_input_distribution(&self) -> Vec<Distribution> {
        let required = match &self.op {
            Op::Segment => self.hash_on(0, &["mmsi"]).map(|d| vec![d]),
            Op::VesselEvents { .. } => {
                self.hash_on(0, &["mmsi"]).and_then(|a| Ok(vec![a, self.hash_on(1, &["mmsi"])?]))
            }
            Op::ImoIdentity => self.hash_on(0, &["imo"]).map(|d| vec![d]),
            Op::Halo => self.hash_on(0, &["mmsi"]).map(|d| vec![d]),
            Op::Proximity => self.hash_on(0, &["bin", "cell_row", "cell_col"]).map(|d| vec![d]),
            Op::PairWindows => self.hash_on(0, &["mmsi_a", "mmsi_b"]).map(|d| vec![d]),
            Op::Windowed => {
                self.hash_on(0, &["mmsi"]).and_then(|a| Ok(vec![a, self.hash_on(1, &["mmsi"])?]))
            }
            Op::Encounter => self.hash_on(0, &["mmsi_a", "mmsi_b"]).map(|d| vec![d]),
        };
        // A missing column was caught when the plan was built.
        required.unwrap_or_else(|_| vec![Distribution::SinglePartition; self.children.len()])
    }

    fn required_input_ordering(
        &self,
    ) -> Vec<Option<datafusion::physical_expr::OrderingRequirements>> {
        match &self.op {
            Op::Segment => vec![self.order_on(&["mmsi", "ts", "file", "line"])],
            Op::Encounter => {
                vec![self.order_on(&["mmsi_a", "mmsi_b", "ts", "mmsi", "file", "line"])]
            }
            _ => vec![None; self.children.len()],
        }
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false; self.children.len()]
    }

    #[allow(deprecated)]
    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(VigilExec::new(self.op.clone(), self.spec.clone(), children)?))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        // Two inputs are read partition by partition together: hashed by
        // MMSI into as many partitions, or a vessel's rows would not meet.
        let counts: Vec<usize> =
            self.children.iter().map(|c| c.output_partitioning().partition_count()).collect();
        if counts.windows(2).any(|w| w[0] != w[1]) {
            return Err(DataFusionError::Internal(format!(
                "{}: inputs in {counts:?} partitions, not as many each",
                self.op.name()
            )));
        }
        let streams = self
            .children
            .iter()
            .map(|c| c.execute(partition, context.clone()))
            .collect::<Result<Vec<_>>>()?;
        let (op, spec) = (self.op.clone(), self.spec.clone());
        let name = op.name();
        let schema = op.schema();
        let output = async move {
            let mut inputs = Vec::with_capacity(streams.len());
            for stream in streams {
                inputs.push(stream.try_collect::<Vec<RecordBatch>>().await?);
            }
            tokio::task::spawn_blocking(move || run_op(op, &spec, &inputs))
                .await
                .map_err(|e| DataFusionError::Execution(format!("{name}: {e}")))?
        };
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, futures::stream::once(output))))
    }
}

/// What one task of `op` computes from its partition of each input.
fn run_op(op: Op, spec: &RunSpec, inputs: &[Vec<RecordBatch>]) -> Result<RecordBatch> {
    match op {
        Op::Segment => {
            let mut rows = Vec::new();
            for batch in &inputs[0] {
                read_positions(batch, false, &mut rows)?;
            }
            let mut out = Vec::with_capacity(rows.len());
            for vessel in rows.chunk_by_mut(|a, b| a.point.mmsi == b.point.mmsi) {
                let mut vessel = vessel.to_vec();
                segment_vessel(&mut vessel);
                out.extend(vessel);
            }
            segmented_batch(&out)
        }
        Op::VesselEvents { clock } => {
            let (config, geo) = (spec.config()?, spec.geography()?);
            let points = points_of(&inputs[0])?;
            let mut statics = Vec::new();
            for batch in &inputs[1] {
                read_statics(batch, &mut statics)?;
            }
            events_batch(&vessel_events(points, statics, &clock, &Context { geo: &geo }, &config))
        }
        Op::ImoIdentity => {
            let mut statics = Vec::new();
            for batch in &inputs[0] {
                read_statics(batch, &mut statics)?;
            }
            events_batch(&imo_identity_changes(statics, &spec.config()?))
        }
        Op::Halo => {
            let bins = EncounterBins::of(&spec.config()?);
            let mut copies = Vec::new();
            let mut placed = Vec::new();
            for place in bin_places(&points_of(&inputs[0])?, &bins) {
                copies.clear();
                halo_copies(&place, bins.reach_m, &mut copies);
                placed.extend(copies.iter().map(|&cell| Placed {
                    cell,
                    mmsi: place.mmsi,
                    lat: place.lat,
                    lon: place.lon,
                }));
            }
            halo_batch(&placed)
        }
        Op::Proximity => {
            let bins = EncounterBins::of(&spec.config()?);
            let pairs = close_pairs(&read_placed(&inputs[0])?, bins.reach_m);
            Ok(RecordBatch::try_new(
                pairs_schema(),
                vec![
                    Arc::new(UInt32Array::from_iter_values(pairs.iter().map(|p| p.0))),
                    Arc::new(UInt32Array::from_iter_values(pairs.iter().map(|p| p.1))),
                    Arc::new(Int64Array::from_iter_values(pairs.iter().map(|p| p.2))),
                ],
            )?)
        }
        Op::PairWindows => windows_batch(&inputs[0], &EncounterBins::of(&spec.config()?)),
        Op::Windowed => windowed_batch(&inputs[0], &inputs[1]),
        Op::Encounter => {
            let (config, geo) = (spec.config()?, spec.geography()?);
            let ctx = Context { geo: &geo };
            let mut keyed: Vec<((u32, u32), TrackPoint)> = Vec::new();
            for batch in &inputs[0] {
                let a = batch.column_by_name("mmsi_a").map(|c| c.as_primitive::<UInt32Type>());
                let b = batch.column_by_name("mmsi_b").map(|c| c.as_primitive::<UInt32Type>());
                let (Some(a), Some(b)) = (a, b) else {
                    return Err(DataFusionError::Execution(
                        "encounter input lacks mmsi_a/mmsi_b".into(),
                    ));
                };
                let mut rows = Vec::new();
                read_positions(batch, true, &mut rows)?;
                keyed.extend(
                    rows.iter().enumerate().map(|(i, r)| ((a.value(i), b.value(i)), r.point)),
                );
            }
            // Grouped only once the whole partition is read: a pair's rows
            // may come in several batches, and a pair run in pieces would
            // lose the bins (interpolated ones too) at each piece's edge.
            let mut events = Vec::new();
            pair_groups(keyed, &mut |points| events.extend(pair_encounters(points, &ctx, &config)));
            events_batch(&events)
        }
    }
}

/// Groups rows by pair. Input batches of one partition may split a pair,
/// so rows are gathered per pair across the whole partition first.
fn pair_groups(rows: Vec<((u32, u32), TrackPoint)>, f: &mut dyn FnMut(Vec<TrackPoint>)) {
    let mut groups: std::collections::BTreeMap<(u32, u32), Vec<TrackPoint>> = Default::default();
    for (pair, point) in rows {
        groups.entry(pair).or_default().push(point);
    }
    for (_, points) in groups {
        f(points);
    }
}

fn u32_column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a UInt32Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<UInt32Type>())
        .ok_or_else(|| DataFusionError::Execution(format!("no UInt32 column `{name}`")))
}

fn i64_column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a Int64Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<Int64Type>())
        .ok_or_else(|| DataFusionError::Execution(format!("no Int64 column `{name}`")))
}

/// The windows of the pairs of one partition (whole pairs), from their
/// candidate bins: one row per window and vessel.
fn windows_batch(batches: &[RecordBatch], bins: &EncounterBins) -> Result<RecordBatch> {
    let mut by_pair: std::collections::BTreeMap<(u32, u32), Vec<i64>> = Default::default();
    for batch in batches {
        let (a, b) = (u32_column(batch, "mmsi_a")?, u32_column(batch, "mmsi_b")?);
        let bin = i64_column(batch, "bin")?;
        for i in 0..batch.num_rows() {
            by_pair.entry((a.value(i), b.value(i))).or_default().push(bin.value(i));
        }
    }
    let mut rows: Vec<(u32, u32, u32, i64, i64)> = Vec::new();
    for ((a, b), mut pair_bins) in by_pair {
        for (from, to) in pair_windows(&mut pair_bins, bins) {
            rows.push((a, b, a, from, to));
            rows.push((a, b, b, from, to));
        }
    }
    Ok(RecordBatch::try_new(
        windows_schema(),
        vec![
            Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.0))),
            Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.1))),
            Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.2))),
            Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.3))),
            Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.4))),
        ],
    )?)
}

/// Each position of one partition's vessels (whole vessels) once for every
/// window of theirs that holds it, with the window's pair.
fn windowed_batch(positions: &[RecordBatch], windows: &[RecordBatch]) -> Result<RecordBatch> {
    let mut by_vessel: std::collections::HashMap<u32, Vec<(i64, i64, u32, u32)>> =
        Default::default();
    for batch in windows {
        let (a, b) = (u32_column(batch, "mmsi_a")?, u32_column(batch, "mmsi_b")?);
        let mmsi = u32_column(batch, "mmsi")?;
        let (from, to) = (i64_column(batch, "from_ms")?, i64_column(batch, "to_ms")?);
        for i in 0..batch.num_rows() {
            let window = (from.value(i), to.value(i), a.value(i), b.value(i));
            by_vessel.entry(mmsi.value(i)).or_default().push(window);
        }
    }
    let mut rows = Vec::new();
    for batch in positions {
        read_positions(batch, true, &mut rows)?;
    }
    rows.retain(|r| by_vessel.contains_key(&r.point.mmsi));
    rows.sort_by_key(|r| (r.point.mmsi, r.point.ts, r.point.src));
    let mut out = Vec::new();
    let mut pairs: (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    for vessel in rows.chunk_by(|x, y| x.point.mmsi == y.point.mmsi) {
        let Some(windows) = by_vessel.get(&vessel[0].point.mmsi) else { continue };
        for &(from, to, a, b) in windows {
            let lo = vessel.partition_point(|r| r.point.ts.0 < from);
            let hi = vessel.partition_point(|r| r.point.ts.0 < to);
            out.extend_from_slice(&vessel[lo..hi]);
            pairs.0.extend(std::iter::repeat_n(a, hi - lo));
            pairs.1.extend(std::iter::repeat_n(b, hi - lo));
        }
    }
    let mut columns = segmented_batch(&out)?.columns().to_vec();
    columns.push(Arc::new(UInt32Array::from(pairs.0)));
    columns.push(Arc::new(UInt32Array::from(pairs.1)));
    Ok(RecordBatch::try_new(windowed_schema(), columns)?)
}

fn points_of(batches: &[RecordBatch]) -> Result<Vec<TrackPoint>> {
    let mut rows = Vec::new();
    for batch in batches {
        read_positions(batch, true, &mut rows)?;
    }
    Ok(rows.into_iter().map(|r| r.point).collect())
}

fn halo_batch(placed: &[Placed]) -> Result<RecordBatch> {
    Ok(RecordBatch::try_new(
        halo_schema(),
        vec![
            Arc::new(Int64Array::from_iter_values(placed.iter().map(|p| p.cell.bin))),
            Arc::new(Int32Array::from_iter_values(placed.iter().map(|p| p.cell.row))),
            Arc::new(Int32Array::from_iter_values(placed.iter().map(|p| p.cell.col))),
            Arc::new(placed.iter().map(|p| Some(p.cell.home)).collect::<BooleanArray>()),
            Arc::new(UInt32Array::from_iter_values(placed.iter().map(|p| p.mmsi))),
            Arc::new(Float64Array::from_iter_values(placed.iter().map(|p| p.lat))),
            Arc::new(Float64Array::from_iter_values(placed.iter().map(|p| p.lon))),
        ],
    )?)
}

fn read_placed(batches: &[RecordBatch]) -> Result<Vec<Placed>> {
    let mut out = Vec::new();
    for batch in batches {
        let get = |name: &str| {
            batch.column_by_name(name).ok_or_else(|| {
                DataFusionError::Execution(format!("halo column `{name}` is missing"))
            })
        };
        let bin = get("bin")?.as_primitive::<Int64Type>();
        let row = get("cell_row")?.as_primitive::<Int32Type>();
        let colm = get("cell_col")?.as_primitive::<Int32Type>();
        let home = get("home")?.as_boolean();
        let mmsi = get("mmsi")?.as_primitive::<UInt32Type>();
        let lat = get("lat")?.as_primitive::<Float64Type>();
        let lon = get("lon")?.as_primitive::<Float64Type>();
        for i in 0..batch.num_rows() {
            out.push(Placed {
                cell: CellCopy {
                    bin: bin.value(i),
                    row: row.value(i),
                    col: colm.value(i),
                    home: home.value(i),
                },
                mmsi: mmsi.value(i),
                lat: lat.value(i),
                lon: lon.value(i),
            });
        }
    }
    Ok(out)
}

/// Plans [`VigilNode`]s as [`VigilExec`]s.
#[derive(Debug, Default)]
pub struct VigilPlanner;

#[async_trait]
impl ExtensionPlanner for VigilPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session: &dyn datafusion::catalog::Session,
        _planning_ctx: &datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        let Some(node) = node.as_any().downcast_ref::<VigilNode>() else { return Ok(None) };
        let op = node.op.clone();
        Ok(Some(Arc::new(VigilExec::new(op, node.spec.clone(), physical_inputs.to_vec())?)))
    }
}

/// DataFusion's planner with [`VigilPlanner`].
#[derive(Debug, Default)]
pub struct VigilQueryPlanner;

#[async_trait]
impl QueryPlanner for VigilQueryPlanner {
    async fn create_physical_plan(
        &self,
        logical_plan: &LogicalPlan,
        session: &dyn datafusion::catalog::Session,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        DefaultPhysicalPlanner::with_extension_planners(vec![Arc::new(VigilPlanner)])
            .create_physical_plan(logical_plan, session)
            .await
    }
}

/// Refuses a fragment made by another vigil build.
pub fn check_version(found: &str) -> Result<()> {
    if found == PLAN_VERSION {
        return Ok(());
    }
    Err(DataFusionError::Plan(format!(
        "version mismatch: the plan was made by {found:?}, this process is {PLAN_VERSION:?}; \
         run the same vigil build on the client, the scheduler and every executor"
    )))
}

/// How a node or operator travels: the magic, then JSON.
#[derive(Debug, Serialize, Deserialize)]
struct Wire {
    version: String,
    op: Op,
    spec: RunSpec,
}

const MAGIC: &[u8] = b"VIGIL\0";

fn encode_wire(op: Op, spec: &RunSpec, buf: &mut Vec<u8>) -> Result<()> {
    buf.extend_from_slice(MAGIC);
    let wire = Wire { version: PLAN_VERSION.into(), op, spec: spec.clone() };
    serde_json::to_writer(buf, &wire).map_err(|e| DataFusionError::Internal(e.to_string()))
}

fn decode_wire(buf: &[u8]) -> Option<Result<Wire>> {
    let body = buf.strip_prefix(MAGIC)?;
    Some(
        serde_json::from_slice::<Wire>(body)
            .map_err(|e| {
                DataFusionError::Plan(format!("a vigil plan fragment that does not parse: {e}"))
            })
            .and_then(|w| check_version(&w.version).map(|_| w)),
    )
}

/// Ballista's logical codec plus [`VigilNode`]s.
#[derive(Debug, Default)]
pub struct VigilLogicalCodec {
    inner: ballista_core::serde::BallistaLogicalExtensionCodec,
}

impl datafusion_proto::logical_plan::LogicalExtensionCodec for VigilLogicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[LogicalPlan],
        ctx: &TaskContext,
    ) -> Result<Extension> {
        match decode_wire(buf) {
            Some(wire) => {
                let wire = wire?;
                let node = VigilNode::new(wire.op, wire.spec, inputs.to_vec())?;
                Ok(Extension { node: Arc::new(node) })
            }
            None => self.inner.try_decode(buf, inputs, ctx),
        }
    }

    fn try_encode(&self, node: &Extension, buf: &mut Vec<u8>) -> Result<()> {
        match node.node.as_any().downcast_ref::<VigilNode>() {
            Some(vigil) => encode_wire(vigil.op.clone(), &vigil.spec, buf),
            None => self.inner.try_encode(node, buf),
        }
    }

    fn try_decode_table_provider(
        &self,
        buf: &[u8],
        table_ref: &datafusion::common::TableReference,
        schema: SchemaRef,
        ctx: &TaskContext,
    ) -> Result<Arc<dyn datafusion::catalog::TableProvider>> {
        self.inner.try_decode_table_provider(buf, table_ref, schema, ctx)
    }

    fn try_encode_table_provider(
        &self,
        table_ref: &datafusion::common::TableReference,
        node: Arc<dyn datafusion::catalog::TableProvider>,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        self.inner.try_encode_table_provider(table_ref, node, buf)
    }

    fn try_decode_file_format(
        &self,
        buf: &[u8],
        ctx: &TaskContext,
    ) -> Result<Arc<dyn datafusion::datasource::file_format::FileFormatFactory>> {
        self.inner.try_decode_file_format(buf, ctx)
    }

    fn try_encode_file_format(
        &self,
        buf: &mut Vec<u8>,
        node: Arc<dyn datafusion::datasource::file_format::FileFormatFactory>,
    ) -> Result<()> {
        self.inner.try_encode_file_format(buf, node)
    }
}

/// Ballista's physical codec plus [`VigilExec`]s.
#[derive(Debug, Default)]
pub struct VigilPhysicalCodec {
    inner: ballista_core::serde::BallistaPhysicalExtensionCodec,
}

impl datafusion_proto::physical_plan::PhysicalExtensionCodec for VigilPhysicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        ctx: &TaskContext,
        proto_converter: &dyn datafusion_proto::physical_plan::PhysicalProtoConverterExtension,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        match decode_wire(buf) {
            Some(wire) => {
                let wire = wire?;
                Ok(Arc::new(VigilExec::new(wire.op, wire.spec, inputs.to_vec())?))
            }
            None => self.inner.try_decode(buf, inputs, ctx, proto_converter),
        }
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        proto_converter: &dyn datafusion_proto::physical_plan::PhysicalProtoConverterExtension,
    ) -> Result<()> {
        let any: &dyn Any = node.as_ref();
        match any.downcast_ref::<VigilExec>() {
            Some(vigil) => encode_wire(vigil.op.clone(), &vigil.spec, buf),
            None => self.inner.try_encode(node, buf, proto_converter),
        }
    }
}

/// A session configuration with vigil's codecs registered.
pub fn vigil_config(config: SessionConfig) -> SessionConfig {
    use ballista_core::extension::SessionConfigExt;
    config
        .with_ballista_logical_extension_codec(Arc::new(VigilLogicalCodec::default()))
        .with_ballista_physical_extension_codec(Arc::new(VigilPhysicalCodec::default()))
}

/// The session state of the client, the scheduler and the executors:
/// Ballista's configuration, vigil's codecs and vigil's planner.
///
/// The client polls the scheduler for its job's status (rather than waiting
/// for the scheduler to push it), so it learns the job's id as soon as the
/// job is accepted and can cancel it when it overruns (`run::run_cluster_within`).
pub fn vigil_state(target_partitions: usize) -> SessionState {
    use ballista_core::config::BALLISTA_CLIENT_PULL;
    use ballista_core::extension::SessionConfigExt;
    let config = SessionConfig::new_with_ballista()
        .with_target_partitions(target_partitions.max(1))
        .set_bool(BALLISTA_CLIENT_PULL, true);
    state_from_config(vigil_config(config))
}

/// [`vigil_state`] for a configuration the scheduler received.
pub fn state_from_config(config: SessionConfig) -> SessionState {
    SessionStateBuilder::new()
        .with_default_features()
        .with_config(vigil_config(config))
        .with_query_planner(Arc::new(VigilQueryPlanner))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_of_another_version_is_refused_by_name() {
        let mut buf = Vec::new();
        encode_wire(Op::Halo, &RunSpec::default(), &mut buf).unwrap();
        let wire = decode_wire(&buf).expect("ours").expect("same version");
        assert_eq!(wire.op, Op::Halo);
        let text = String::from_utf8(buf).unwrap().replace(PLAN_VERSION, "vigil 0.0.9 plan 1");
        let err = decode_wire(text.as_bytes()).expect("ours").unwrap_err().to_string();
        assert!(err.contains("version mismatch") && err.contains("0.0.9"), "{err}");
        assert!(decode_wire(b"\x08\x01 a Ballista node").is_none());
    }
}
