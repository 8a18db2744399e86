//! The web UI: one HTML page, its script and style, and the land polygons,
//! all compiled into the binary (no network at run time, no build step:
//! plain JavaScript written for this crate), plus the JSON reads only the UI
//! needs.
//!
//! The page routes on the URL fragment (`/#/alerts`, `/#/vessels/MMSI`,
//! `/#/documents/ID`, `/#/entities/ID`), so the API's own paths stay JSON.
//! Assets are served to anyone: they hold no data, and the data routes they
//! call enforce the read and write rules.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::handlers::{clip, path_segment, require_read, with_reader, Params, RawParams};
use crate::AppState;

const INDEX_HTML: &str = include_str!("../ui/index.html");
const APP_JS: &str = include_str!("../ui/app.js");
const APP_CSS: &str = include_str!("../ui/app.css");
/// Natural Earth land (world-atlas TopoJSON), or empty when the npm
/// package was not installed at build time (see build.rs).
const LAND_TOPOJSON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/land.topo.json"));
/// Which world-atlas file was bundled (`land-50m.json`), or empty.
const LAND_NAME: &str = include_str!(concat!(env!("OUT_DIR"), "/land.name"));

/// Whether land polygons were bundled into this binary.
pub fn land_bundled() -> bool {
    !LAND_TOPOJSON.is_empty()
}

/// The page allows only its own script, style and data: no inline script,
/// no other origin, no framing.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

pub(crate) async fn index_html() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML.as_bytes())
}

pub(crate) async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS.as_bytes())
}

pub(crate) async fn app_css() -> Response {
    asset("text/css; charset=utf-8", APP_CSS.as_bytes())
}

/// The land TopoJSON, or a 404 the page shows as "no coastline".
pub(crate) async fn land() -> Response {
    if !land_bundled() {
        return ApiError::NotFound(
            "no land polygons in this build: run `npm ci --prefix tools/geo` and rebuild".into(),
        )
        .into_response();
    }
    let mut response = asset("application/json", LAND_TOPOJSON);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    if let Ok(name) = HeaderValue::from_str(LAND_NAME) {
        response.headers_mut().insert("x-vigil-land", name);
    }
    response
}

/// `GET /entities/{id}/history`: every version of the entity's list with the
/// entity's data in it, whether it changed, and the alerts touching it.
pub(crate) async fn entity_history(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    params: RawParams,
) -> ApiResult<Json<Value>> {
    require_read(&state, &headers)?;
    let id = path_segment(path)?;
    Params::parse(params, &[])?;
    with_reader(&state, move |store| {
        let history = store.entity_history(&id)?;
        if history.is_empty() {
            return Err(ApiError::NotFound(format!("no entity {:?}", clip(&id))));
        }
        let alerts = store.entity_alerts(&id)?;
        Ok(Json(json!({
            "id": id,
            "history": history,
            "alerts": alerts,
            "max_versions": vigil_store::MAX_HISTORY_VERSIONS,
        })))
    })
    .await
}
