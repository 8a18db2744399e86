//! One function per route: validate the request, call the index or the
//! store, shape the JSON.
//!
//! Extractors are taken as `Result`s so that every rejection (a bad path
//! segment, query string or body) becomes the same JSON error as the
//! handlers' own, with axum's status (400, 413, ...). Query strings are read
//! into pairs and checked against the parameters each route knows, so a
//! misspelt filter is an error rather than silently ignored.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use vigil_match::{Hit, SearchOptions};
use vigil_store::{AlertFilter, EventFilter, Severity, Status, Store, Stream, Triage, TriageError};

use crate::error::{ApiError, ApiResult};
use crate::{
    ftm, AppState, ReadAccess, Screening, DEFAULT_PAGE, MAX_MATCH_LIMIT, MAX_MATCH_QUERIES,
};
use crate::{MAX_PAGE, MAX_TRACK_POINTS};

type Shared = State<Arc<AppState>>;
pub(crate) type RawParams = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// Most characters of a path identifier or a free-text parameter.
const MAX_PARAM_CHARS: usize = 500;

/// A query string, checked against the names a route accepts.
pub(crate) struct Params(BTreeMap<String, String>);

impl Params {
    pub(crate) fn parse(raw: RawParams, allowed: &[&str]) -> ApiResult<Params> {
        let Query(pairs) =
            raw.map_err(|e| ApiError::BadRequest(format!("bad query string: {e}")))?;
        let mut map = BTreeMap::new();
        for (key, value) in pairs {
            if !allowed.contains(&key.as_str()) {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {:?} (expected one of: {})",
                    clip(&key),
                    allowed.join(", ")
                )));
            }
            if value.chars().count() > MAX_PARAM_CHARS {
                return Err(ApiError::BadRequest(format!(
                    "parameter {key} is longer than {MAX_PARAM_CHARS} characters"
                )));
            }
            if map.insert(key.clone(), value).is_some() {
                return Err(ApiError::BadRequest(format!("parameter {key} given twice")));
            }
        }
        Ok(Params(map))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn number<T: std::str::FromStr + PartialOrd + Copy + std::fmt::Display>(
        &self,
        key: &str,
        default: T,
        min: T,
        max: T,
    ) -> ApiResult<T> {
        let Some(text) = self.get(key) else { return Ok(default) };
        match text.parse::<T>() {
            Ok(value) if value >= min && value <= max => Ok(value),
            _ => Err(ApiError::BadRequest(format!(
                "{key} must be a number from {min} to {max}, not {:?}",
                clip(text)
            ))),
        }
    }

    fn time(&self, key: &str) -> ApiResult<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(text) => vigil_store::normalize_timestamp(text).map(Some).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "{key} must be a date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ), not {:?}",
                    clip(text)
                ))
            }),
        }
    }

    fn choice<T>(
        &self,
        key: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> ApiResult<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(text) => parse(text).map(Some).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "{key} must be one of {allowed}, not {:?}",
                    clip(text)
                ))
            }),
        }
    }
}

pub(crate) fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}

pub(crate) fn path_segment(path: Result<Path<String>, PathRejection>) -> ApiResult<String> {
    let Path(segment) = path.map_err(|e| ApiError::BadRequest(format!("bad path: {e}")))?;
    if segment.is_empty() || segment.chars().count() > MAX_PARAM_CHARS {
        return Err(ApiError::BadRequest("the identifier is empty or too long".into()));
    }
    Ok(segment)
}

fn parse_id(segment: &str, what: &str) -> ApiResult<i64> {
    match segment.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::BadRequest(format!(
            "{what} must be a positive integer, not {:?}",
            clip(segment)
        ))),
    }
}

fn parse_mmsi(segment: &str) -> ApiResult<u32> {
    match segment.parse::<u32>() {
        Ok(mmsi) if segment.len() <= 9 && mmsi > 0 => Ok(mmsi),
        _ => {
            Err(ApiError::BadRequest(format!("an MMSI is 1 to 9 digits, not {:?}", clip(segment))))
        }
    }
}

/// The caller's name when its bearer token is one of the config's.
fn bearer_actor(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))?.trim();
    state
        .config
        .tokens
        .iter()
        .find(|(_, known)| constant_time_eq(known.as_bytes(), token.as_bytes()))
        .map(|(name, _)| name.clone())
}

/// Compares without stopping at the first difference, so response times do
/// not reveal how much of a token was right.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    left.iter().zip(right).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

fn require_write(state: &AppState, headers: &HeaderMap) -> ApiResult<String> {
    if headers.get(header::AUTHORIZATION).is_none() {
        return Err(ApiError::Unauthorized("writing needs an Authorization: Bearer token"));
    }
    bearer_actor(state, headers).ok_or(ApiError::Unauthorized("the bearer token is not valid"))
}

pub(crate) fn require_read(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    if state.config.reads == ReadAccess::Token && bearer_actor(state, headers).is_none() {
        return Err(ApiError::Unauthorized("reading needs an Authorization: Bearer token"));
    }
    Ok(())
}

/// Runs `work` with a read connection on the blocking pool; a panic in it
/// fails this request only.
pub(crate) async fn with_reader<T: Send + 'static>(
    state: &Arc<AppState>,
    work: impl FnOnce(&Store) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let store = state.reader()?;
        let result = work(&store);
        state.give_back(store);
        result
    })
    .await
    .map_err(|e| ApiError::Internal(format!("handler failed: {e}")))?
}

fn json_response(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

pub(crate) async fn healthz(State(state): Shared) -> Json<Value> {
    let screening = state.screening();
    Json(json!({
        "status": "ok",
        "entities": screening.index.len(),
        "datasets": screening.datasets,
    }))
}

pub(crate) async fn openapi_json() -> Json<Value> {
    Json(crate::openapi())
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("no such route (see /openapi.json)".into())
}

pub(crate) async fn method_not_allowed() -> Response {
    let body = json!({"detail": "method not allowed on this route", "status": 405});
    (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response()
}

/// Which entities a dataset name covers: `None` for all of them.
fn dataset_filter(state: &Screening, dataset: &str) -> ApiResult<Option<String>> {
    match dataset {
        "default" | "sanctions" | "all" => Ok(None),
        name if state.datasets.contains_key(name) => Ok(Some(name.to_string())),
        name => Err(ApiError::NotFound(format!(
            "unknown dataset {:?} (known: default, {})",
            clip(name),
            state.datasets.keys().cloned().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Searches, keeping only `dataset`'s entities, catching a panic of the
/// matcher so that it fails this request only.
fn search_index(
    state: &Screening,
    query: &vigil_match::Query,
    dataset: Option<&str>,
    threshold: f64,
    limit: usize,
) -> ApiResult<Vec<Hit>> {
    let wanted = if dataset.is_some() { (limit * 4).max(20) } else { limit };
    let options = SearchOptions { threshold, limit: wanted };
    let mut hits =
        std::panic::catch_unwind(AssertUnwindSafe(|| state.index.search(query, &options)))
            .map_err(|_| ApiError::Internal("the matcher panicked".into()))?;
    if let Some(dataset) = dataset {
        hits.retain(|hit| state.index.entity(hit.entity).provenance.list == dataset);
    }
    hits.truncate(limit);
    Ok(hits)
}

/// Writes one scored result: the entity's prepared JSON plus yente's
/// `score`, `match`, `features` and `explanations`.
fn write_result(out: &mut String, state: &Screening, hit: &Hit, threshold: f64) {
    out.push_str(&state.entity_prefix[hit.entity]);
    let score = (hit.score * 10_000.0).round() / 10_000.0;
    let _ = write!(out, ",\"score\":{score},\"match\":{}", hit.score >= threshold);
    out.push_str(",\"features\":{");
    for (i, feature) in hit.explanation.features.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}:{}", Value::String(feature.name.clone()), finite(feature.score));
    }
    out.push_str("},\"explanations\":{");
    for (i, feature) in hit.explanation.features.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{}:{}",
            Value::String(feature.name.clone()),
            json!({"score": finite(feature.score), "detail": feature.detail})
        );
    }
    out.push_str("},\"explanation\":");
    out.push_str(&serde_json::to_string(&hit.explanation).unwrap_or_else(|_| "null".into()));
    out.push('}');
}

fn finite(value: f64) -> f64 {
    if value.is_finite() {
        value
    } else {
        0.0
    }
}

const MATCHER_DOCS: &str = r#"{"name_score":{"description":"vigil's name score: normalised, transliterated, token-aligned Jaro-Winkler with an edit budget","coefficient":1.0,"url":"https://example.invalid/vigil/ARCHITECTURE.md"},"identifier":{"description":"an exact IMO, MMSI or other identifier match","coefficient":1.0,"url":"https://example.invalid/vigil/ARCHITECTURE.md"}}"#;

pub(crate) async fn match_entities(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    require_read(&state, &headers)?;
    let dataset = path_segment(path)?;
    let params = Params::parse(
        params,
        &[
            "limit",
            "threshold",
            "cutoff",
            "algorithm",
            "include_dataset",
            "exclude_dataset",
            "topics",
            "changed_since",
            "fuzzy",
            "exclude_schema",
            "exclude_entity_ids",
        ],
    )?;
    let screening = state.screening();
    let dataset = dataset_filter(&screening, &dataset)?;
    let limit = params.number("limit", 5usize, 1, MAX_MATCH_LIMIT)?;
    let threshold = params.number("threshold", state.config.threshold, 0.0, 1.0)?;
    let cutoff = params.number("cutoff", state.config.cutoff, 0.0, 1.0)?;
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(crate::MAX_BODY_BYTES),
        _ => ApiError::BadRequest(format!("cannot read the body: {e}")),
    })?;
    let request: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not JSON: {e}")))?;
    let queries = request
        .get("queries")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::BadRequest("the body needs a \"queries\" object".into()))?;
    if queries.len() > MAX_MATCH_QUERIES {
        return Err(ApiError::BadRequest(format!(
            "at most {MAX_MATCH_QUERIES} queries per request, not {}",
            queries.len()
        )));
    }
    let mut parsed = Vec::with_capacity(queries.len());
    for (key, example) in queries {
        let example = example.as_object().ok_or_else(|| {
            ApiError::BadRequest(format!("query {:?} must be an object", clip(key)))
        })?;
        let query = ftm::query_from_example(example)
            .map_err(|e| ApiError::BadRequest(format!("query {:?}: {e}", clip(key))))?;
        parsed.push((key, example, query));
    }
    let mut out = String::with_capacity(4096);
    out.push_str("{\"responses\":{");
    for (i, (key, example, query)) in parsed.iter().enumerate() {
        let hits = search_index(&screening, query, dataset.as_deref(), cutoff, limit)?;
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}:{{\"status\":200,\"results\":[", Value::String((*key).clone()));
        for (j, hit) in hits.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            write_result(&mut out, &screening, hit, threshold);
        }
        let echo = json!({
            "id": example.get("id").cloned().unwrap_or(Value::Null),
            "schema": example.get("schema").cloned().unwrap_or(Value::String("Thing".into())),
            "properties": example.get("properties").cloned().unwrap_or(Value::Object(Map::new())),
        });
        let _ = write!(
            out,
            "],\"total\":{{\"value\":{},\"relation\":\"eq\"}},\"query\":{echo}}}",
            hits.len()
        );
    }
    let _ = write!(out, "}},\"matcher\":{MATCHER_DOCS},\"limit\":{limit}}}");
    Ok(json_response(StatusCode::OK, "application/json", out))
}

pub(crate) async fn search(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
) -> ApiResult<Response> {
    require_read(&state, &headers)?;
    let dataset = path_segment(path)?;
    let params = Params::parse(params, &["q", "limit", "offset", "schema", "threshold"])?;
    let screening = state.screening();
    let dataset = dataset_filter(&screening, &dataset)?;
    let limit = params.number("limit", 10usize, 1, MAX_MATCH_LIMIT)?;
    let offset = params.number("offset", 0usize, 0, 1000)?;
    let threshold = params.number("threshold", 0.5, 0.0, 1.0)?;
    let schema = params.choice(
        "schema",
        vigil_model::Schema::parse,
        "Person, Organization, Company, LegalEntity, Vessel, Aircraft",
    )?;
    let text = params
        .get("q")
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .ok_or_else(|| ApiError::BadRequest("q is required".into()))?;
    let query = vigil_match::Query { schema, names: vec![text.to_string()], ..Default::default() };
    let hits = search_index(&screening, &query, dataset.as_deref(), threshold, offset + limit)?;
    let mut out = String::with_capacity(4096);
    let _ = write!(out, "{{\"limit\":{limit},\"offset\":{offset},\"total\":{{\"value\":{},\"relation\":\"eq\"}},\"results\":[", hits.len());
    for (j, hit) in hits.iter().skip(offset).enumerate() {
        if j > 0 {
            out.push(',');
        }
        write_result(&mut out, &screening, hit, state.config.threshold);
    }
    out.push_str("],\"facets\":{}}");
    Ok(json_response(StatusCode::OK, "application/json", out))
}

pub(crate) async fn entity(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
) -> ApiResult<Json<Value>> {
    require_read(&state, &headers)?;
    let id = path_segment(path)?;
    Params::parse(params, &[])?;
    let screening = state.screening();
    let current = screening.by_id.get(&id).map(|&i| screening.index.entity(i).clone());
    with_reader(&state, move |store| {
        let versions = store.entity_versions(&id)?;
        let alerts = store.entity_alerts(&id)?;
        let (entity, target) = match current {
            Some(entity) => (entity, true),
            None => match store.latest_entity(&id)? {
                Some(entity) => (entity, false),
                None => return Err(ApiError::NotFound(format!("no entity {:?}", clip(&id)))),
            },
        };
        let mut value = ftm::entity_json(&entity, target);
        value["versions"] = serde_json::to_value(versions).unwrap_or_default();
        value["alerts"] = json!(alerts);
        Ok(Json(value))
    })
    .await
}

pub(crate) async fn alerts(
    State(state): Shared,
    headers: HeaderMap,
    params: RawParams,
) -> ApiResult<Json<Value>> {
    require_read(&state, &headers)?;
    let params = Params::parse(
        params,
        &["stream", "severity", "status", "from", "to", "entity", "mmsi", "limit", "offset"],
    )?;
    let filter = AlertFilter {
        stream: params.choice("stream", Stream::parse, "screening, maritime, media, lists")?,
        severity: params.choice("severity", Severity::parse, "low, medium, high, critical")?,
        status: params.choice("status", Status::parse, "new, confirmed, dismissed")?,
        from: params.time("from")?,
        to: params.time("to")?,
        entity_id: params.get("entity").map(str::to_string),
        mmsi: params.get("mmsi").map(parse_mmsi).transpose()?,
        limit: params.number("limit", DEFAULT_PAGE, 1, MAX_PAGE)?,
        offset: params.number("offset", 0u64, 0, 10_000_000)?,
    };
    with_reader(&state, move |store| {
        Ok(Json(serde_json::to_value(store.alerts(&filter)?).unwrap_or_default()))
    })
    .await
}

pub(crate) async fn alert(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
) -> ApiResult<Json<Value>> {
    require_read(&state, &headers)?;
    let id = parse_id(&path_segment(path)?, "an alert ID")?;
    Params::parse(params, &[])?;
    with_reader(&state, move |store| match store.alert(id)? {
        Some(alert) => Ok(Json(serde_json::to_value(alert).unwrap_or_default())),
        None => Err(ApiError::NotFound(format!("no alert {id}"))),
    })
    .await
}

/// Most characters of a triage note.
const MAX_NOTE_CHARS: usize = 4000;

pub(crate) async fn triage(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let actor = require_write(&state, &headers)?;
    let id = parse_id(&path_segment(path)?, "an alert ID")?;
    Params::parse(params, &[])?;
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(crate::MAX_BODY_BYTES),
        _ => ApiError::BadRequest(format!("cannot read the body: {e}")),
    })?;
    let request: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not JSON: {e}")))?;
    let object = request
        .as_object()
        .ok_or_else(|| ApiError::BadRequest("the body must be a JSON object".into()))?;
    if let Some(key) = object.keys().find(|k| !["status", "note", "revision"].contains(&k.as_str()))
    {
        return Err(ApiError::BadRequest(format!(
            "unknown field {:?} (expected status, note, revision)",
            clip(key)
        )));
    }
    let status =
        object.get("status").and_then(Value::as_str).and_then(Status::parse).ok_or_else(|| {
            ApiError::BadRequest("status must be one of new, confirmed, dismissed".into())
        })?;
    let note = match object.get("note") {
        None | Some(Value::Null) => None,
        Some(Value::String(note)) if note.chars().count() <= MAX_NOTE_CHARS => Some(note.clone()),
        Some(Value::String(_)) => {
            return Err(ApiError::BadRequest(format!(
                "the note is longer than {MAX_NOTE_CHARS} characters"
            )))
        }
        Some(_) => return Err(ApiError::BadRequest("note must be a string".into())),
    };
    let expected_revision = match object.get("revision") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_i64()
                .ok_or_else(|| ApiError::BadRequest("revision must be an integer".into()))?,
        ),
    };
    let triage = Triage { status, note, actor, expected_revision };
    let task_state = Arc::clone(&state);
    tokio::task::spawn_blocking(move || {
        let mut writer = task_state.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match writer.triage(id, &triage) {
            Ok(alert) => Ok(Json(serde_json::to_value(alert).unwrap_or_default())),
            Err(TriageError::NotFound(id)) => Err(ApiError::NotFound(format!("no alert {id}"))),
            Err(error @ TriageError::Conflict { .. }) => Err(ApiError::Conflict(error.to_string())),
            Err(error @ TriageError::NoteRequired(_)) => {
                Err(ApiError::BadRequest(error.to_string()))
            }
            Err(error) => Err(ApiError::Internal(error.to_string())),
        }
    })
    .await
    .map_err(|e| ApiError::Internal(format!("handler failed: {e}")))?
}

pub(crate) async fn vessel(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
) -> ApiResult<Json<Value>> {
    require_read(&state, &headers)?;
    let mmsi = parse_mmsi(&path_segment(path)?)?;
    Params::parse(params, &[])?;
    with_reader(&state, move |store| match store.vessel(mmsi)? {
        Some(vessel) => Ok(Json(serde_json::to_value(vessel).unwrap_or_default())),
        None => Err(ApiError::NotFound(format!("no vessel {mmsi}"))),
    })
    .await
}

pub(crate) async fn track(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
) -> ApiResult<Response> {
    require_read(&state, &headers)?;
    let mmsi = parse_mmsi(&path_segment(path)?)?;
    let params = Params::parse(params, &["from", "to", "limit"])?;
    let from = params.time("from")?;
    let to = params.time("to")?;
    let limit = params.number("limit", 10_000, 1, MAX_TRACK_POINTS)?;
    let body = with_reader(&state, move |store| {
        if !store.has_vessel(mmsi)? {
            return Err(ApiError::NotFound(format!("no vessel {mmsi}")));
        }
        let positions = store.track(mmsi, from.as_deref(), to.as_deref(), limit)?;
        let events = store.events(&EventFilter {
            mmsi: Some(mmsi),
            from: from.clone(),
            to: to.clone(),
            limit: MAX_PAGE,
            ..EventFilter::default()
        })?;
        let coordinates: Vec<Value> =
            positions.iter().map(|p| json!([round6(p.lon), round6(p.lat)])).collect();
        let times: Vec<&str> = positions.iter().map(|p| p.ts.as_str()).collect();
        let mut features = Vec::new();
        if !positions.is_empty() {
            let geometry = if coordinates.len() == 1 {
                json!({"type": "Point", "coordinates": coordinates[0]})
            } else {
                json!({"type": "LineString", "coordinates": coordinates})
            };
            features.push(json!({
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "mmsi": mmsi,
                    "kind": "track",
                    "from": times.first(),
                    "to": times.last(),
                    "points": positions.len(),
                    "truncated": positions.len() as u32 == limit,
                    "times": times,
                },
            }));
        }
        for event in &events.results {
            if let (Some(lat), Some(lon)) = (event.lat, event.lon) {
                features.push(json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round6(lon), round6(lat)]},
                    "properties": {"kind": "event", "event_id": event.id, "event_kind": event.kind,
                                   "mmsi": event.mmsi, "start": event.start, "end": event.end},
                }));
            }
        }
        Ok(json!({"type": "FeatureCollection", "features": features}).to_string())
    })
    .await?;
    Ok(json_response(StatusCode::OK, "application/geo+json", body))
}

fn round6(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

pub(crate) async fn events(
    State(state): Shared,
    headers: HeaderMap,
    params: RawParams,
) -> ApiResult<Json<Value>> {
    require_read(&state, &headers)?;
    let params = Params::parse(params, &["kind", "mmsi", "from", "to", "limit", "offset"])?;
    let kind = params.get("kind").map(str::to_string);
    if let Some(kind) = &kind {
        if kind.len() > 40 || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(ApiError::BadRequest(format!(
                "kind must be an event kind such as encounter or port_call, not {:?}",
                clip(kind)
            )));
        }
    }
    let filter = EventFilter {
        kind,
        mmsi: params.get("mmsi").map(parse_mmsi).transpose()?,
        from: params.time("from")?,
        to: params.time("to")?,
        limit: params.number("limit", DEFAULT_PAGE, 1, MAX_PAGE)?,
        offset: params.number("offset", 0u64, 0, 10_000_000)?,
    };
    with_reader(&state, move |store| {
        Ok(Json(serde_json::to_value(store.events(&filter)?).unwrap_or_default()))
    })
    .await
}

pub(crate) async fn document(
    State(state): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
) -> ApiResult<Json<Value>> {
    require_read(&state, &headers)?;
    let id = parse_id(&path_segment(path)?, "a document ID")?;
    Params::parse(params, &[])?;
    with_reader(&state, move |store| match store.document(id)? {
        Some(document) => Ok(Json(serde_json::to_value(document).unwrap_or_default())),
        None => Err(ApiError::NotFound(format!("no document {id}"))),
    })
    .await
}
