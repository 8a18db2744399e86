//! The router in process, through tower's `oneshot`: screening against a
//! store built here, a write without a token, and errors as JSON. The real
//! binary is exercised by the root `tests/serve_api.rs`.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use tower::ServiceExt;
use vigil_lists::{Contents, Format, ParsedList};
use vigil_model::{Entity, IdKind, Provenance, Schema};
use vigil_server::{router, AppState, Config};
use vigil_store::Store;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn state(dir: &std::path::Path) -> Result<Arc<AppState>, Box<dyn std::error::Error>> {
    let path = dir.join("v.db");
    let mut vessel =
        Entity::new("demo-1", Schema::Vessel, "CHON MA SAN", Provenance::new("demo", "1", "v1"));
    vessel.add_identifier(IdKind::Imo, "8660313");
    let list = ParsedList {
        format: Format::OfacSdn,
        list: "demo".into(),
        version: "v1".into(),
        sources: vec![],
        contents: Contents::Full(vec![vessel]),
        errors: vec![],
        skipped: Default::default(),
    };
    Store::open(&path)?.import(&list)?;
    let mut config = Config::default();
    config.tokens.insert("alice".into(), "a-token-of-sixteen-chars".into());
    Ok(Arc::new(AppState::load(&path, config)?))
}

async fn call(
    app: axum::Router,
    method: &str,
    uri: &str,
    body: &str,
) -> Result<(StatusCode, Value), Box<dyn std::error::Error>> {
    let request = Request::builder().method(method).uri(uri).body(Body::from(body.to_string()))?;
    let response = app.oneshot(request).await?;
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await?;
    Ok((status, serde_json::from_slice(&bytes)?))
}

#[test]
fn router_screens_and_refuses_anonymous_writes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = router(state(dir.path())?);
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(async {
        let query = json!({"queries": {"q": {"schema": "Vessel", "properties": {"imoNumber": ["IMO 8660313"]}}}});
        let (status, body) = call(app.clone(), "POST", "/match/demo", &query.to_string()).await?;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["responses"]["q"]["results"][0]["id"], "demo-1");
        assert_eq!(body["responses"]["q"]["results"][0]["match"], true);

        let (status, body) = call(app.clone(), "PATCH", "/alerts/1", r#"{"status":"new"}"#).await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["status"], 401);

        let (status, body) = call(app.clone(), "GET", "/alerts?limit=501", "").await?;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body["detail"].as_str().is_some_and(|d| d.contains("limit")));

        let (status, body) = call(app, "GET", "/healthz", "").await?;
        assert_eq!((status, body["entities"].as_u64()), (StatusCode::OK, Some(1)));
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
