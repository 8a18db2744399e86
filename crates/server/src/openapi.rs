//! The OpenAPI 3.0 description served at `/openapi.json`, written by hand
//! from [`ROUTES`], the same table the API tests walk, so that a route
//! missing from either fails a test.

use serde_json::{json, Map, Value};

/// Every route: method, path (OpenAPI template), summary, query parameters,
/// and whether it writes (needs a bearer token).
pub const ROUTES: &[(&str, &str, &str, &[&str], bool)] = &[
    ("get", "/healthz", "Liveness, and the entities in the screening index by dataset", &[], false),
    ("get", "/openapi.json", "This description", &[], false),
    (
        "post",
        "/match/{dataset}",
        "Screen FtM entity examples (yente's request and response shape)",
        &["limit", "threshold", "cutoff", "algorithm"],
        false,
    ),
    (
        "get",
        "/search/{dataset}",
        "Search listed entities by name (yente's search response shape)",
        &["q", "limit", "offset", "schema", "threshold"],
        false,
    ),
    (
        "get",
        "/entities/{id}",
        "A listed entity as FtM, with its version history and alerts",
        &[],
        false,
    ),
    (
        "get",
        "/entities/{id}/history",
        "Every version of the entity's list: its data in each, whether it changed, and its alerts",
        &[],
        false,
    ),
    (
        "get",
        "/alerts",
        "The alert queue, most severe and newest first",
        &["stream", "severity", "status", "from", "to", "entity", "mmsi", "limit", "offset"],
        false,
    ),
    ("get", "/alerts/{id}", "One alert with its evidence and audit trail", &[], false),
    (
        "patch",
        "/alerts/{id}",
        "Triage: set status (new, confirmed, dismissed) with a note",
        &[],
        true,
    ),
    (
        "get",
        "/vessels/{mmsi}",
        "A vessel: identity history, list links, events, alerts",
        &[],
        false,
    ),
    (
        "get",
        "/vessels/{mmsi}/track.geojson",
        "A vessel's track as GeoJSON, with its events as points",
        &["from", "to", "limit"],
        false,
    ),
    (
        "get",
        "/events",
        "Detector events",
        &["kind", "mmsi", "from", "to", "limit", "offset"],
        false,
    ),
    ("get", "/documents/{id}", "A scanned document with its mentions and indicators", &[], false),
    ("get", "/", "The web UI (HTML; routes on the URL fragment)", &[], false),
    (
        "get",
        "/ui/land.json",
        "Natural Earth land polygons (TopoJSON) for the UI's maps; 404 when not bundled",
        &[],
        false,
    ),
];

fn parameter_doc(name: &str) -> Value {
    let (description, schema) = match name {
        "limit" => {
            ("Page size or most results (bounded)", json!({"type": "integer", "minimum": 1}))
        }
        "offset" => ("Results to skip", json!({"type": "integer", "minimum": 0})),
        "threshold" => ("Score at which a result is a match", json!({"type": "number"})),
        "cutoff" => ("Lowest score returned", json!({"type": "number"})),
        "from" | "to" => ("YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)", json!({"type": "string"})),
        "stream" => (
            "screening, maritime, media or lists",
            json!({"type": "string", "enum": ["screening", "maritime", "media", "lists"]}),
        ),
        "severity" => (
            "low, medium, high or critical",
            json!({"type": "string", "enum": ["low", "medium", "high", "critical"]}),
        ),
        "status" => (
            "new, confirmed or dismissed",
            json!({"type": "string", "enum": ["new", "confirmed", "dismissed"]}),
        ),
        "mmsi" => ("A vessel's MMSI", json!({"type": "integer"})),
        _ => ("", json!({"type": "string"})),
    };
    json!({"name": name, "in": "query", "required": name == "q", "description": description, "schema": schema})
}

/// The OpenAPI document.
pub fn openapi() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for (method, path, summary, query, writes) in ROUTES {
        let mut parameters: Vec<Value> = Vec::new();
        for segment in path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                parameters.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
            }
        }
        parameters.extend(query.iter().map(|name| parameter_doc(name)));
        let mut operation = json!({
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK"},
                "400": {"description": "Invalid request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "404": {"description": "Not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        });
        if *writes {
            operation["security"] = json!([{"bearer": []}]);
            operation["responses"]["401"] = json!({"description": "No or invalid bearer token"});
            operation["responses"]["409"] = json!({"description": "The alert changed (revision)"});
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Triage"}}}});
        }
        if *method == "post" {
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MatchRequest"}}}});
            operation["responses"]["413"] = json!({"description": "Body too large"});
        }
        let item = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        item[*method] = operation;
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "vigil", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Sanctions monitoring: yente-compatible screening, alerts, vessels, events and documents"},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"detail": {"type": "string"}, "status": {"type": "integer"}}},
                "Triage": {"type": "object", "required": ["status"], "properties": {
                    "status": {"type": "string", "enum": ["new", "confirmed", "dismissed"]},
                    "note": {"type": "string", "description": "Required to confirm or dismiss"},
                    "revision": {"type": "integer", "description": "The revision last seen; a different one gives 409"}}},
                "MatchRequest": {"type": "object", "required": ["queries"], "properties": {
                    "queries": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                        "schema": {"type": "string"}, "properties": {"type": "object"}}}}}},
            },
        },
    })
}
