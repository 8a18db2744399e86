//! Running the plan: on the local DataFusion engine ([`run_local`]) or on a
//! Ballista cluster ([`run_cluster`]), and starting the cluster's
//! scheduler and executors ([`serve_scheduler`], [`serve_executor`]).

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use ballista::prelude::SessionContextExt;
use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::{DataType, SchemaRef, TimestampMillisecondType};
use datafusion::common::JoinType;
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::{DataFrame, ParquetReadOptions, SessionContext};
use vigil_ais::detect::pipeline::sort_events;
use vigil_ais::detect::Event;

use vigil_ais::detect::config::DetectConfig;

use crate::plan::{state_from_config, vigil_state, InputClock, Op, RunSpec, VigilNode};
use crate::rows::read_events;
use crate::schema::{check_schema, positions_schema, statics_schema};

/// Reads one table of a converted directory, checking its columns.
async fn read_table(
    ctx: &SessionContext,
    dir: &Path,
    table: &str,
    expected: SchemaRef,
) -> Result<DataFrame> {
    let path = dir.join(table);
    if !path.is_dir() {
        return Err(DataFusionError::Plan(format!(
            "{}: no such folder (write it with `vigil ais convert FILE... --parquet {}`)",
            path.display(),
            dir.display()
        )));
    }
    let options = ParquetReadOptions::default()
        .table_partition_cols(vec![("day".to_owned(), DataType::Utf8)]);
    let frame = ctx.read_parquet(path.to_string_lossy().as_ref(), options).await?;
    let found = frame.schema().as_arrow().clone();
    check_schema(&path.display().to_string(), &expected, &found).map_err(DataFusionError::Plan)?;
    Ok(frame)
}

fn node(ctx: &SessionContext, op: Op, spec: &RunSpec, inputs: Vec<DataFrame>) -> Result<DataFrame> {
    let plans = inputs.into_iter().map(|f| f.into_unoptimized_plan()).collect();
    let plan = VigilNode::new(op, spec.clone(), plans)?.into_plan();
    Ok(DataFrame::new(ctx.state(), plan))
}

/// The events of the converted data under `dir`, as a DataFusion frame (see
/// `plan` for the steps).
pub async fn events_frame(ctx: &SessionContext, dir: &Path, spec: &RunSpec) -> Result<DataFrame> {
    spec.config()?;
    let positions = read_table(ctx, dir, "positions", positions_schema()).await?;
    let statics = read_table(ctx, dir, "statics", statics_schema()).await?;
    let clock = input_clock(positions.clone(), &spec.config()?).await?;
    let segmented = node(ctx, Op::Segment, spec, vec![positions])?;
    let vessel_op = Op::VesselEvents { clock };
    let per_vessel = node(ctx, vessel_op, spec, vec![segmented.clone(), statics.clone()])?;
    let per_imo = node(ctx, Op::ImoIdentity, spec, vec![statics])?;
    let halo = node(ctx, Op::Halo, spec, vec![segmented.clone()])?;
    let candidates = node(ctx, Op::Proximity, spec, vec![halo])?;
    let pairs = candidates.aggregate(
        vec![datafusion::prelude::col("mmsi_a"), datafusion::prelude::col("mmsi_b")],
        vec![],
    )?;
    let with_a =
        pairs.clone().join(segmented.clone(), JoinType::Inner, &["mmsi_a"], &["mmsi"], None)?;
    let with_b = pairs.join(segmented, JoinType::Inner, &["mmsi_b"], &["mmsi"], None)?;
    let encounters = node(ctx, Op::Encounter, spec, vec![with_a.union(with_b)?])?;
    per_vessel.union(per_imo)?.union(encounters)
}

/// The input's clock as the single-machine detectors see it (see
/// [`InputClock`]), from the times of vessel positions (the message types
/// `vigil ais events` keeps) at valid places: a pass over four columns for
/// the first and last time; when the input spans more than the gap
/// detector's `forget_after_h`, a second pass brings every distinct time to
/// this process to work out the hourly sweeps.
async fn input_clock(positions: DataFrame, config: &DetectConfig) -> Result<InputClock> {
    use datafusion::functions_aggregate::expr_fn::{max, min};
    use datafusion::prelude::{col, lit};
    let vessel_types = [1u8, 2, 3, 18, 19, 27].map(lit).to_vec();
    let usable = positions.filter(
        col("msg_type")
            .in_list(vessel_types, false)
            .and(col("lat").between(lit(-90.0), lit(90.0)))
            .and(col("lon").between(lit(-180.0), lit(180.0))),
    )?;
    let batches = usable
        .clone()
        .aggregate(vec![], vec![min(col("ts")).alias("first"), max(col("ts")).alias("last")])?
        .collect()
        .await?;
    let (mut first, mut end) = (None, None);
    for batch in &batches {
        let earliest = times_of(batch, 0)?.into_iter().min();
        first = first.into_iter().chain(earliest).min();
        end = end.max(times_of(batch, 1)?.into_iter().max());
    }
    let mut clock = InputClock { end_ms: end, sweeps_ms: Vec::new() };
    let forget_ms = config.gap.forget_after_h * 3_600_000.0;
    let (Some(first), Some(last)) = (first, end) else { return Ok(clock) };
    if !config.enabled(vigil_ais::detect::EventKind::Gap) || ((last - first) as f64) <= forget_ms {
        return Ok(clock);
    }
    let batches = usable.select(vec![col("ts")])?.distinct()?.collect().await?;
    let mut times = Vec::new();
    for batch in &batches {
        times.extend(times_of(batch, 0)?);
    }
    times.sort_unstable();
    clock.sweeps_ms = InputClock::sweeps_of(times);
    Ok(clock)
}

/// The non-null millisecond times of column `index`.
fn times_of(batch: &RecordBatch, index: usize) -> Result<Vec<i64>> {
    let column = batch
        .column(index)
        .as_primitive_opt::<TimestampMillisecondType>()
        .ok_or_else(|| DataFusionError::Internal("ts is not a millisecond timestamp".into()))?;
    Ok(column.iter().flatten().collect())
}

async fn collect_events(ctx: &SessionContext, dir: &Path, spec: &RunSpec) -> Result<Vec<Event>> {
    let batches = events_frame(ctx, dir, spec).await?.collect().await?;
    let mut events = Vec::new();
    for batch in &batches {
        read_events(batch, &mut events)?;
    }
    sort_events(&mut events);
    Ok(events)
}

/// Runs the plan on this machine's DataFusion, `partitions` ways.
pub async fn run_local(dir: &Path, spec: &RunSpec, partitions: usize) -> Result<Vec<Event>> {
    let ctx = SessionContext::new_with_state(vigil_state(partitions));
    collect_events(&ctx, dir, spec).await
}

/// Runs the plan on the Ballista cluster whose scheduler is at `url`
/// (`df://HOST:PORT`), `partitions` ways.
pub async fn run_cluster(
    url: &str,
    dir: &Path,
    spec: &RunSpec,
    partitions: usize,
) -> Result<Vec<Event>> {
    let ctx = SessionContext::remote_with_state(url, vigil_state(partitions)).await?;
    collect_events(&ctx, dir, spec).await
}

/// Runs a scheduler on `bind` until the process ends. Its state (jobs,
/// executors) is in memory: a lost scheduler means resubmitting. An
/// executor silent for `executor_timeout_s` seconds is taken as dead and
/// its tasks (and the shuffle output they made) are run again elsewhere.
pub async fn serve_scheduler(bind: SocketAddr, executor_timeout_s: u64) -> anyhow::Result<()> {
    use ballista_scheduler::cluster::BallistaCluster;
    use ballista_scheduler::config::SchedulerConfig;
    let config = SchedulerConfig {
        bind_host: bind.ip().to_string(),
        external_host: bind.ip().to_string(),
        bind_port: bind.port(),
        executor_timeout_seconds: executor_timeout_s.max(2),
        expire_dead_executor_interval_seconds: (executor_timeout_s / 3).clamp(1, 15),
        no_executors_grace_period_seconds: executor_timeout_s.max(2),
        override_logical_codec: Some(Arc::new(crate::plan::VigilLogicalCodec::default())),
        override_physical_codec: Some(Arc::new(crate::plan::VigilPhysicalCodec::default())),
        override_session_builder: Some(Arc::new(|c| Ok(state_from_config(c)))),
        ..SchedulerConfig::default()
    };
    let cluster = BallistaCluster::new_from_config(&config).await?;
    ballista_scheduler::scheduler_process::start_server(cluster, bind, Arc::new(config)).await?;
    Ok(())
}

/// Seconds between an executor's heartbeats to the scheduler.
pub const HEARTBEAT_S: u64 = 2;

/// Runs an executor on `bind` (Arrow Flight on its port, gRPC on the next)
/// registered with the scheduler at `scheduler`, with `vcores` task slots.
pub async fn serve_executor(
    scheduler: SocketAddr,
    bind: SocketAddr,
    vcores: usize,
    work_dir: &Path,
) -> anyhow::Result<()> {
    use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
    let config = ExecutorProcessConfig {
        bind_host: bind.ip().to_string(),
        external_host: Some(bind.ip().to_string()),
        port: bind.port(),
        grpc_port: bind
            .port()
            .checked_add(1)
            .ok_or_else(|| anyhow::anyhow!("--bind port too high"))?,
        scheduler_host: scheduler.ip().to_string(),
        scheduler_port: scheduler.port(),
        vcores: vcores.max(1),
        executor_heartbeat_interval_seconds: HEARTBEAT_S,
        work_dir: Some(work_dir.to_string_lossy().into_owned()),
        override_logical_codec: Some(Arc::new(crate::plan::VigilLogicalCodec::default())),
        override_physical_codec: Some(Arc::new(crate::plan::VigilPhysicalCodec::default())),
        ..ExecutorProcessConfig::default()
    };
    start_executor_process(Arc::new(config)).await?;
    Ok(())
}

/// An in-process cluster on loopback: one scheduler and `executors`
/// executors with `vcores` slots each; returns the scheduler's `df://` URL.
pub async fn start_loopback_cluster(executors: usize, vcores: usize) -> anyhow::Result<String> {
    use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
    let state = vigil_state(vcores * executors.max(1));
    let addr = ballista_scheduler::standalone::new_standalone_scheduler_from_state(&state).await?;
    for _ in 0..executors {
        let client =
            SchedulerGrpcClient::connect(format!("http://localhost:{}", addr.port())).await?;
        ballista_executor::new_standalone_executor_from_state(client, vcores, &state).await?;
    }
    Ok(format!("df://localhost:{}", addr.port()))
}
