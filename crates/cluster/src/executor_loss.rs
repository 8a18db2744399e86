//! What the scheduler does when it loses an executor: it cancels every
//! running job, so their clients fail with an error instead of receiving
//! events from a rerun that Ballista 55 gets wrong.
//!
//! Ballista's own answer to a lost executor is to rerun the stages whose
//! tasks or shuffle output were there. On a 16-vessel day with two
//! executors, one killed mid-job, that rerun either never finished (the
//! adaptive planner; push scheduling also leaks the slots of the cancelled
//! tasks) or finished with some rows counted twice (the static planner
//! with pull scheduling: a loitering event with 2,394 positions instead of
//! 1,197). Neither is acceptable, so the job is failed instead; the client
//! says so and the user resubmits.
//!
//! The hook is the cluster state's `remove_executor`, which Ballista calls
//! on every removal (a heartbeat timeout, a failed task launch, an executor
//! that stops) just before it posts the loss to its event loop: the
//! cancellations posted here are handled first, so no job gets to rerun.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use ballista_core::error::Result;
use ballista_core::serde::protobuf::ExecutorHeartbeat;
use ballista_core::serde::scheduler::{ExecutorData, ExecutorMetadata};
use ballista_core::JobId;
use ballista_scheduler::cluster::{BoundTask, ClusterState, ClusterStateEventStream, ExecutorSlot};
use ballista_scheduler::config::TaskDistributionPolicy;
use ballista_scheduler::scheduler_server::SchedulerServer;
use ballista_scheduler::state::task_manager::JobInfoCache;
use datafusion_proto::protobuf::{LogicalPlanNode, PhysicalPlanNode};

/// The scheduler as vigil runs it.
pub type Scheduler = SchedulerServer<LogicalPlanNode, PhysicalPlanNode>;

/// A [`ClusterState`] that cancels the running jobs before an executor is
/// removed; everything else is the wrapped state's.
pub struct CancelJobsOnLoss {
    inner: Arc<dyn ClusterState>,
    scheduler: Arc<OnceLock<Scheduler>>,
}

impl CancelJobsOnLoss {
    /// Wraps `inner`; the returned cell must be given the scheduler once it
    /// is built (until then, a removal cancels nothing).
    pub fn new(inner: Arc<dyn ClusterState>) -> (Self, Arc<OnceLock<Scheduler>>) {
        let scheduler = Arc::new(OnceLock::new());
        (Self { inner, scheduler: scheduler.clone() }, scheduler)
    }

    async fn cancel_running_jobs(&self, executor_id: &str) {
        let Some(scheduler) = self.scheduler.get() else { return };
        // The jobs whose graphs are in memory and running: those Ballista
        // would reset (a finished job is left alone, its client may be
        // fetching its results from the executors that are left).
        let running: Vec<JobId> =
            scheduler.state.task_manager.get_running_job_cache().keys().cloned().collect();
        for job_id in running {
            log::warn!(
                "executor {executor_id} lost: cancelling job {job_id} (vigil does not let \
                 Ballista rerun a lost executor's work, which can count rows twice; resubmit \
                 the job)"
            );
            if let Err(err) = scheduler.cancel_job(job_id.clone()).await {
                log::error!("could not cancel job {job_id}: {err}");
            }
        }
    }
}

#[async_trait::async_trait]
impl ClusterState for CancelJobsOnLoss {
    async fn init(&self) -> Result<()> {
        self.inner.init().await
    }

    async fn bind_schedulable_tasks(
        &self,
        distribution: TaskDistributionPolicy,
        active_jobs: Arc<HashMap<JobId, JobInfoCache>>,
        executors: Option<HashSet<String>>,
    ) -> Result<Vec<BoundTask>> {
        self.inner.bind_schedulable_tasks(distribution, active_jobs, executors).await
    }

    async fn unbind_tasks(&self, executor_slots: Vec<ExecutorSlot>) -> Result<()> {
        self.inner.unbind_tasks(executor_slots).await
    }

    async fn register_executor(
        &self,
        metadata: ExecutorMetadata,
        spec: ExecutorData,
    ) -> Result<()> {
        self.inner.register_executor(metadata, spec).await
    }

    async fn save_executor_metadata(&self, metadata: ExecutorMetadata) -> Result<()> {
        self.inner.save_executor_metadata(metadata).await
    }

    async fn get_executor_metadata(&self, executor_id: &str) -> Result<ExecutorMetadata> {
        self.inner.get_executor_metadata(executor_id).await
    }

    async fn registered_executor_metadata(&self) -> Vec<ExecutorMetadata> {
        self.inner.registered_executor_metadata().await
    }

    async fn save_executor_heartbeat(&self, heartbeat: ExecutorHeartbeat) -> Result<()> {
        self.inner.save_executor_heartbeat(heartbeat).await
    }

    async fn remove_executor(&self, executor_id: &str) -> Result<()> {
        self.cancel_running_jobs(executor_id).await;
        self.inner.remove_executor(executor_id).await
    }

    fn executor_heartbeats(&self) -> HashMap<String, ExecutorHeartbeat> {
        self.inner.executor_heartbeats()
    }

    fn get_executor_heartbeat(&self, executor_id: &str) -> Option<ExecutorHeartbeat> {
        self.inner.get_executor_heartbeat(executor_id)
    }

    async fn cluster_state_events(&self) -> Result<ClusterStateEventStream> {
        self.inner.cluster_state_events().await
    }
}
