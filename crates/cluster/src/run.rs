//! Running the plan: on the local DataFusion engine ([`run_local`]) or on a
//! Ballista cluster ([`run_cluster`]), and starting the cluster's
//! scheduler and executors ([`serve_scheduler`], [`serve_executor`]).

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ballista::prelude::SessionContextExt;
use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::{DataType, SchemaRef, TimestampMillisecondType};
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
/// `plan` for the steps). Working out the input's clock runs jobs of its
/// own, through `runner`.
pub async fn events_frame(
    ctx: &SessionContext,
    dir: &Path,
    spec: &RunSpec,
    runner: &Runner,
) -> Result<DataFrame> {
    spec.config()?;
    let positions = read_table(ctx, dir, "positions", positions_schema()).await?;
    let statics = read_table(ctx, dir, "statics", statics_schema()).await?;
    let clock = input_clock(positions.clone(), &spec.config()?, runner).await?;
    let segmented = node(ctx, Op::Segment, spec, vec![positions])?;
    let vessel_op = Op::VesselEvents { clock };
    let per_vessel = node(ctx, vessel_op, spec, vec![segmented.clone(), statics.clone()])?;
    let per_imo = node(ctx, Op::ImoIdentity, spec, vec![statics])?;
    // Encounters: each pair's candidate bins become time windows, and only
    // the two vessels' positions inside them go to the pair's task (see
    // `kernels::pair_windows` for why that gives the same encounters as
    // the whole histories).
    let halo = node(ctx, Op::Halo, spec, vec![segmented.clone()])?;
    let candidates = node(ctx, Op::Proximity, spec, vec![halo])?;
    let windows = node(ctx, Op::PairWindows, spec, vec![candidates])?;
    let windowed = node(ctx, Op::Windowed, spec, vec![segmented, windows])?;
    let encounters = node(ctx, Op::Encounter, spec, vec![windowed])?;
    per_vessel.union(per_imo)?.union(encounters)
}

/// The input's clock as the single-machine detectors see it (see
/// [`InputClock`]), from the times of vessel positions (the message types
/// `vigil ais events` keeps) at valid places: a pass over four columns for
/// the first and last time; when the input spans more than the gap
/// detector's `forget_after_h`, a second pass brings every distinct time to
/// this process to work out the hourly sweeps.
async fn input_clock(
    positions: DataFrame,
    config: &DetectConfig,
    runner: &Runner,
) -> Result<InputClock> {
    use datafusion::functions_aggregate::expr_fn::{max, min};
    use datafusion::prelude::{col, lit};
    let vessel_types = [1u8, 2, 3, 18, 19, 27].map(lit).to_vec();
    let usable = positions.filter(
        col("msg_type")
            .in_list(vessel_types, false)
            .and(col("lat").between(lit(-90.0), lit(90.0)))
            .and(col("lon").between(lit(-180.0), lit(180.0))),
    )?;
    let bounds = usable
        .clone()
        .aggregate(vec![], vec![min(col("ts")).alias("first"), max(col("ts")).alias("last")])?;
    let batches = runner.collect(bounds, "the input's first and last time").await?;
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
    let distinct = usable.select(vec![col("ts")])?.distinct()?;
    let batches = runner.collect(distinct, "the input's distinct times").await?;
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

async fn collect_events(
    ctx: &SessionContext,
    dir: &Path,
    spec: &RunSpec,
    runner: &Runner,
) -> Result<Vec<Event>> {
    let frame = events_frame(ctx, dir, spec, runner).await?;
    let batches = runner.collect(frame, "the events").await?;
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
    collect_events(&ctx, dir, spec, &Runner::Local).await
}

/// How long [`run_cluster`] waits for its jobs by default: far longer than
/// any job of the test data, short enough that a job stuck on a cluster
/// that lost executors ends with an error the same working day.
pub const DEFAULT_JOB_TIMEOUT: Duration = Duration::from_secs(3600);

/// Runs the plan on the Ballista cluster whose scheduler is at `url`
/// (`df://HOST:PORT`), `partitions` ways, within [`DEFAULT_JOB_TIMEOUT`].
pub async fn run_cluster(
    url: &str,
    dir: &Path,
    spec: &RunSpec,
    partitions: usize,
) -> Result<Vec<Event>> {
    run_cluster_within(url, dir, spec, partitions, DEFAULT_JOB_TIMEOUT).await
}

/// [`run_cluster`], all of whose jobs must end within `timeout` of the
/// call. A job still queued or running then is cancelled on the scheduler
/// and the run fails with an error naming the job and its last status;
/// a failed job is an error too. Events are returned only when every job
/// succeeded, so a run never yields part of them.
pub async fn run_cluster_within(
    url: &str,
    dir: &Path,
    spec: &RunSpec,
    partitions: usize,
    timeout: Duration,
) -> Result<Vec<Event>> {
    let ctx = SessionContext::remote_with_state(url, vigil_state(partitions)).await?;
    let runner = Runner::Cluster(ClusterWait {
        scheduler: url.to_owned(),
        timeout,
        deadline: Instant::now() + timeout,
    });
    collect_events(&ctx, dir, spec, &runner).await
}

/// Where frames run: on this machine, or on a cluster under a deadline.
pub enum Runner {
    /// This process's DataFusion.
    Local,
    /// The Ballista cluster of the frames' session.
    Cluster(ClusterWait),
}

/// A cluster run's scheduler and deadline.
pub struct ClusterWait {
    /// The scheduler's `df://HOST:PORT`.
    pub scheduler: String,
    /// The whole run's time limit (for the error message).
    pub timeout: Duration,
    /// When the run's jobs must have ended.
    pub deadline: Instant,
}

impl Runner {
    /// The batches of `frame`; `what` names them in errors.
    pub async fn collect(&self, frame: DataFrame, what: &str) -> Result<Vec<RecordBatch>> {
        match self {
            Runner::Local => frame.collect().await,
            Runner::Cluster(wait) => wait.collect(frame, what).await,
        }
    }
}

impl ClusterWait {
    async fn collect(&self, frame: DataFrame, what: &str) -> Result<Vec<RecordBatch>> {
        use ballista_core::execution_plans::DistributedQueryExec;
        use datafusion_proto::protobuf::LogicalPlanNode;
        let task_ctx = Arc::new(frame.task_ctx());
        // Ballista's planner makes the whole plan one `DistributedQueryExec`,
        // which learns its job's id once the scheduler accepts it.
        let plan = frame.create_physical_plan().await?;
        let job = plan.downcast_ref::<DistributedQueryExec<LogicalPlanNode>>().cloned();
        let run = datafusion::physical_plan::collect(plan, task_ctx);
        match tokio::time::timeout_at(self.deadline.into(), run).await {
            Ok(Ok(batches)) => Ok(batches),
            Ok(Err(err)) => Err(DataFusionError::Execution(format!(
                "the cluster job for {what} failed: {err}; no events were written. The \
                 scheduler cancels its running jobs when it loses an executor, and its log \
                 says which executor or task failed; resubmit"
            ))),
            Err(_) => {
                let job_id = job.as_ref().and_then(|exec| exec.job_id()).map(|id| id.to_string());
                Err(DataFusionError::Execution(self.give_up(job_id, what).await))
            }
        }
    }

    /// Cancels `job_id` (if the job was accepted) and says what happened.
    async fn give_up(&self, job_id: Option<String>, what: &str) -> String {
        let limit = self.timeout.as_secs();
        let Some(job_id) = job_id else {
            return format!(
                "the cluster job for {what} was not accepted by {} within the {limit} s job \
                 timeout; no events were written (is the scheduler up? resubmit)",
                self.scheduler
            );
        };
        let last = match tokio::time::timeout(CANCEL_WAIT, self.status_then_cancel(&job_id)).await {
            Ok(Ok(status)) => format!("last status {status}; cancelled on the scheduler"),
            Ok(Err(err)) => format!("could not cancel it: {err}"),
            Err(_) => format!("the scheduler did not answer within {} s", CANCEL_WAIT.as_secs()),
        };
        format!(
            "cluster job {job_id} ({what}) did not finish within the {limit} s job timeout \
             ({last}); no events were written. Are the executors up? The scheduler's log \
             names any it lost; resubmit"
        )
    }

    /// The job's status as the scheduler last reported it, then cancels it.
    async fn status_then_cancel(&self, job_id: &str) -> anyhow::Result<String> {
        use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
        use ballista_core::serde::protobuf::{CancelJobParams, GetJobStatusParams};
        let address = self.scheduler.strip_prefix("df://").unwrap_or(&self.scheduler);
        let mut client = SchedulerGrpcClient::connect(format!("http://{address}")).await?;
        let reply = client.get_job_status(GetJobStatusParams { job_id: job_id.to_owned() }).await?;
        let status = job_status_name(reply.into_inner().status.and_then(|s| s.status));
        client.cancel_job(CancelJobParams { job_id: job_id.to_owned() }).await?;
        Ok(status)
    }
}

/// How long a timed-out run waits for the scheduler to cancel its job.
const CANCEL_WAIT: Duration = Duration::from_secs(10);

fn job_status_name(status: Option<ballista_core::serde::protobuf::job_status::Status>) -> String {
    use ballista_core::serde::protobuf::job_status::Status;
    match status {
        None => "unknown to the scheduler".into(),
        Some(Status::Queued(_)) => "queued".into(),
        Some(Status::Running(_)) => "running".into(),
        Some(Status::Failed(failed)) => format!("failed: {}", failed.error),
        Some(Status::Successful(_)) => "successful".into(),
    }
}

/// Runs a scheduler on `bind` until the process ends. Its state (jobs,
/// executors) is in memory: a lost scheduler means resubmitting. An
/// executor silent for `executor_timeout_s` seconds is taken as dead, and
/// the jobs running then are cancelled (see [`crate::executor_loss`]);
/// so is a job whose task cannot fetch another executor's shuffle output.
pub async fn serve_scheduler(bind: SocketAddr, executor_timeout_s: u64) -> anyhow::Result<()> {
    use crate::executor_loss::{CancelJobsOnLoss, Scheduler};
    use ballista_scheduler::cluster::BallistaCluster;
    use ballista_scheduler::config::SchedulerConfig;
    use ballista_scheduler::scheduler_process::{create_scheduler, start_grpc_service};
    let config = SchedulerConfig {
        bind_host: bind.ip().to_string(),
        external_host: bind.ip().to_string(),
        bind_port: bind.port(),
        executor_timeout_seconds: executor_timeout_s.max(2),
        expire_dead_executor_interval_seconds: (executor_timeout_s / 3).clamp(1, 15),
        no_executors_grace_period_seconds: executor_timeout_s.max(2),
        scheduling_policy: SCHEDULING,
        // A task that cannot fetch its input from another executor fails
        // its stage, and so the job, at once: rerunning the stage that made
        // the input is the rerun that can count rows twice.
        stage_max_failures: 1,
        override_logical_codec: Some(Arc::new(crate::plan::VigilLogicalCodec::default())),
        override_physical_codec: Some(Arc::new(crate::plan::VigilPhysicalCodec::default())),
        override_session_builder: Some(Arc::new(|c| Ok(state_from_config(c)))),
        ..SchedulerConfig::default()
    };
    config.validate()?;
    let ballista = BallistaCluster::new_from_config(&config).await?;
    let (cluster_state, scheduler_cell) = CancelJobsOnLoss::new(ballista.cluster_state());
    let cluster = BallistaCluster::new(Arc::new(cluster_state), ballista.job_state());
    let scheduler: Scheduler = create_scheduler(cluster, Arc::new(config)).await?;
    // The cell is fresh, so setting it cannot fail.
    let _ = scheduler_cell.set(scheduler.clone());
    start_grpc_service(bind, scheduler).await?;
    Ok(())
}

/// Executors ask the scheduler for tasks when they have free slots, rather
/// than the scheduler pushing tasks to the slots it counts as free. Ballista
/// 55's push scheduling loses count when a job is reset or cancelled while
/// its tasks run: their slots are given back only through the job's task
/// records, which are gone by the time the tasks report in, so the
/// surviving executors look full and the next job never starts. Polling
/// executors report their real free slots each time.
const SCHEDULING: ballista_core::config::TaskSchedulingPolicy =
    ballista_core::config::TaskSchedulingPolicy::PullStaged;

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
        task_scheduling_policy: SCHEDULING,
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
