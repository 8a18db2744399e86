//! The web UI's routes in process: the page and its assets with their
//! security headers, the land polygons (or the 404 the page shows as "no
//! coastline"), an entity's version history, and the screening index
//! rebuilt when a list update changes the versions in force. The pages
//! themselves are tested in Chromium by `tools/ui-test/ui.test.mjs`.

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;
use vigil_lists::{Contents, Format, ParsedList};
use vigil_model::{Entity, IdKind, Provenance, Schema};
use vigil_server::{router, AppState, Config};
use vigil_store::Store;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn list(version: &str, vessels: &[(&str, &str, &str)]) -> ParsedList {
    let entities = vessels
        .iter()
        .map(|(id, name, imo)| {
            let mut vessel =
                Entity::new(id, Schema::Vessel, name, Provenance::new("demo", id, version));
            vessel.add_identifier(IdKind::Imo, imo);
            vessel
        })
        .collect();
    ParsedList {
        format: Format::OfacSdn,
        list: "demo".into(),
        version: version.into(),
        sources: vec![],
        contents: Contents::Full(entities),
        errors: vec![],
        skipped: Default::default(),
    }
}

fn state(db: &Path) -> Result<Arc<AppState>, Box<dyn std::error::Error>> {
    Store::open(db)?.import(&list("v1", &[("demo-1", "CHON MA SAN", "8660313")]))?;
    Ok(Arc::new(AppState::load(db, Config::default())?))
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

async fn get(app: axum::Router, uri: &str) -> Result<Reply, Box<dyn std::error::Error>> {
    let request = Request::builder().method("GET").uri(uri).body(Body::empty())?;
    let response = app.oneshot(request).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 16 << 20).await?.to_vec();
    Ok(Reply { status, headers, body })
}

fn block_on<F: std::future::Future<Output = TestResult>>(future: F) -> TestResult {
    tokio::runtime::Builder::new_current_thread().build()?.block_on(future)
}

#[test]
fn the_page_and_its_assets_are_served_with_a_strict_policy() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = router(state(&dir.path().join("v.db"))?);
    block_on(async {
        let page = get(app.clone(), "/").await?;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.headers[header::CONTENT_TYPE].to_str()?.starts_with("text/html"));
        let policy = page.headers[header::CONTENT_SECURITY_POLICY].to_str()?;
        assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"));
        let html = String::from_utf8(page.body)?;
        assert!(html.contains("/ui/app.js") && html.contains("/ui/app.css"));
        assert!(!html.contains("http://") && !html.contains("https://"), "no external asset");
        for (path, kind) in [("/ui/app.js", "text/javascript"), ("/ui/app.css", "text/css")] {
            let asset = get(app.clone(), path).await?;
            assert_eq!(asset.status, StatusCode::OK, "{path}");
            assert!(asset.headers[header::CONTENT_TYPE].to_str()?.starts_with(kind), "{path}");
            assert!(!asset.body.is_empty());
        }
        let land = get(app.clone(), "/ui/land.json").await?;
        if vigil_server::land_bundled() {
            assert_eq!(land.status, StatusCode::OK);
            assert_eq!(land.json()["type"], "Topology");
        } else {
            eprintln!("note: world-atlas was not installed at build time; checking the 404");
            assert_eq!(land.status, StatusCode::NOT_FOUND);
            assert!(land.json()["detail"].as_str().is_some_and(|d| d.contains("npm ci")));
        }
        let missing = get(app, "/ui/../Cargo.toml").await?;
        assert!(missing.status.is_client_error());
        Ok(())
    })
}

#[test]
fn entity_history_shows_every_version_and_delisting() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("v.db");
    let app = router(state(&db)?);
    Store::open(&db)?.import(&list("v2", &[("demo-2", "SOUTH HILL", "9000001")]))?;
    block_on(async {
        let reply = get(app.clone(), "/entities/demo-1/history").await?;
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.json();
        let history = body["history"].as_array().cloned().unwrap_or_default();
        assert_eq!(history.len(), 2, "{body}");
        assert_eq!(
            (history[0]["present"].as_bool(), history[0]["version"].as_str()),
            (Some(true), Some("v1"))
        );
        assert_eq!(history[0]["data"]["provenance"]["list"], "demo");
        assert_eq!(
            (history[1]["present"].as_bool(), history[1]["in_force"].as_bool()),
            (Some(false), Some(true))
        );
        assert!(body["alerts"].is_array());
        for target in ["/entities/nobody/history", "/entities/%27%20OR%20%271%27%3D%271/history"] {
            let reply = get(app.clone(), target).await?;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{target}");
        }
        let reply = get(app, "/entities/demo-1/history?x=1").await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        Ok(())
    })
}

#[test]
fn the_screening_index_follows_list_updates() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("v.db");
    let state = state(&db)?;
    let app = router(Arc::clone(&state));
    assert!(!state.reload_if_changed()?, "nothing changed yet");
    Store::open(&db)?.import(&list(
        "v2",
        &[("demo-1", "CHON MA SAN", "8660313"), ("demo-2", "SOUTH HILL", "9000001")],
    ))?;
    assert!(state.reload_if_changed()?, "a new version is in force");
    assert!(!state.reload_if_changed()?, "and only once");
    assert_eq!(state.entity_count(), 2);
    block_on(async {
        let reply = get(app, "/search/default?q=south%20hill").await?;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json()["results"][0]["id"], "demo-2");
        Ok(())
    })
}
