//! The server's one error type and how it becomes an HTTP response.
//!
//! Every error is JSON, `{"detail": "...", "status": N}` (yente's
//! `ErrorResponse` plus the status), so clients of yente read vigil's errors
//! unchanged. Client mistakes are 4xx with a message saying what to fix;
//! only a failing store or a panic is a 5xx, and then the message says no
//! more than that (the cause goes to the log).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What can go wrong with a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The request is malformed: a bad parameter, body or path segment.
    /// Remedy: fix the request as the message says.
    #[error("{0}")]
    BadRequest(String),
    /// No or a wrong bearer token. Remedy: send `Authorization: Bearer <token>`
    /// with a token from the server's config.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Nothing has this ID.
    #[error("{0}")]
    NotFound(String),
    /// The resource changed since the client read it. Remedy: reload it.
    #[error("{0}")]
    Conflict(String),
    /// The body is larger than the server accepts.
    #[error("request body larger than {0} bytes")]
    TooLarge(usize),
    /// The body is not JSON of the expected content type.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The store failed, or a handler panicked. Remedy: see the server's log.
    #[error("internal error")]
    Internal(String),
}

/// `Result` with [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<vigil_store::Error> for ApiError {
    fn from(error: vigil_store::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let ApiError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let body = json!({"detail": self.to_string(), "status": status.as_u16()});
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
