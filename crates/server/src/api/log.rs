//! The transparency log's JSON API: its key, checkpoint, entries, proofs, and event receipts.
//! The log is public; receipts need a signed-in principal and open the event body only for its
//! parties (and the operator and regulators).

use axum::Json;
use axum::extract::{Path, State};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::QueryParams;
use super::views::ProblemView;
use crate::AppState;
use crate::auth::Auth;
use crate::problem::ApiResult;

/// The log's public identity.
#[derive(Serialize, ToSchema)]
pub(crate) struct LogKeyView {
    /// The first line of every checkpoint, and the signing key's name.
    pub origin: String,
    /// `<name>+<key id>+<base64(0x01 ‖ Ed25519 public key)>`, the C2SP signed-note verifier key.
    pub verifier_key: String,
    pub key_id: String,
    pub public_key: String,
}

/// A signed checkpoint.
#[derive(Serialize, ToSchema)]
pub(crate) struct CheckpointJson {
    pub origin: String,
    pub size: u64,
    /// Base64.
    pub root_hash: String,
    /// The signed note, as served at `/log/checkpoint`.
    pub note: String,
    pub signed_at: String,
}

/// A public log entry.
#[derive(Serialize, ToSchema)]
pub(crate) struct EntryJson {
    pub index: u64,
    pub event: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub time: String,
    pub subject: String,
    /// Hex SHA-256 of the salt followed by the event's canonical body.
    pub commitment: String,
}

/// An inclusion or consistency proof: base64 hashes (RFC 9162).
#[derive(Serialize, ToSchema)]
pub(crate) struct ProofJson {
    pub proof: Vec<String>,
}

/// A receipt: the entry, a signed checkpoint and the inclusion proof; with the event body and
/// salt for the event's parties. Checked offline by `dataport log verify-receipt`.
#[derive(Serialize, ToSchema)]
pub(crate) struct ReceiptJson {
    /// `dataport-log-receipt/1`.
    pub format: String,
    pub origin: String,
    pub index: u64,
    /// The entry bytes, base64.
    pub entry: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    pub checkpoint: String,
    pub proof: Vec<String>,
}

fn proof_json(proof: &[tlog::Hash]) -> ProofJson {
    ProofJson {
        proof: proof.iter().map(|h| STANDARD.encode(h)).collect(),
    }
}

/// The log's origin and verifier key.
#[utoipa::path(get, path = "/api/v1/log/key", tag = "log",
    responses((status = 200, body = LogKeyView)))]
pub(crate) async fn key(State(state): State<AppState>) -> Json<LogKeyView> {
    let k = state.app.log_key();
    Json(LogKeyView {
        origin: k.origin,
        verifier_key: k.verifier_key,
        key_id: k.key_id,
        public_key: k.public_key,
    })
}

/// The newest signed checkpoint.
#[utoipa::path(get, path = "/api/v1/log/checkpoint", tag = "log",
    responses((status = 200, body = CheckpointJson), (status = 404, body = ProblemView, description = "No checkpoint signed yet")))]
pub(crate) async fn checkpoint(State(state): State<AppState>) -> ApiResult<Json<CheckpointJson>> {
    let c = state
        .app
        .log_checkpoint()
        .await?
        .ok_or_else(|| app::Error::new(app::Code::LogEmpty))?;
    Ok(Json(CheckpointJson {
        origin: c.origin,
        size: c.size,
        root_hash: c.root_hash,
        note: c.note,
        signed_at: c.signed_at,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EntriesParams {
    /// At most this many (1–200, default 50).
    pub limit: Option<u32>,
}

/// The newest entries, newest first.
#[utoipa::path(get, path = "/api/v1/log/entries", tag = "log", params(EntriesParams),
    responses((status = 200, body = Vec<EntryJson>)))]
pub(crate) async fn entries(
    State(state): State<AppState>,
    QueryParams(q): QueryParams<EntriesParams>,
) -> ApiResult<Json<Vec<EntryJson>>> {
    let rows = state.app.log_entries(app::clamp_limit(q.limit)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| EntryJson {
                index: r.index,
                event: r.entry.event,
                event_type: r.entry.event_type,
                time: r.entry.time,
                subject: r.entry.subject,
                commitment: r.entry.commitment,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct InclusionParams {
    pub index: u64,
    /// A tree size a checkpoint was signed for.
    pub size: u64,
}

/// The inclusion proof of entry `index` in the tree of `size` entries.
#[utoipa::path(get, path = "/api/v1/log/proof/inclusion", tag = "log", params(InclusionParams),
    responses((status = 200, body = ProofJson), (status = 400, body = ProblemView)))]
pub(crate) async fn inclusion(
    State(state): State<AppState>,
    QueryParams(q): QueryParams<InclusionParams>,
) -> ApiResult<Json<ProofJson>> {
    let proof = state.app.inclusion_proof(q.index, q.size).await?;
    Ok(Json(proof_json(&proof)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ConsistencyParams {
    pub old: u64,
    pub new: u64,
}

/// The consistency proof between the trees of `old` and `new` entries.
#[utoipa::path(get, path = "/api/v1/log/proof/consistency", tag = "log", params(ConsistencyParams),
    responses((status = 200, body = ProofJson), (status = 400, body = ProblemView)))]
pub(crate) async fn consistency(
    State(state): State<AppState>,
    QueryParams(q): QueryParams<ConsistencyParams>,
) -> ApiResult<Json<ProofJson>> {
    let proof = state.app.consistency_proof(q.old, q.new).await?;
    Ok(Json(proof_json(&proof)))
}

/// The receipt proving that event `id` is in the log. The event's parties, the operator and
/// regulators also get the body and salt that open the entry's commitment.
#[utoipa::path(get, path = "/api/v1/events/{id}/receipt", tag = "log", security(("bearer" = [])),
    params(("id" = String, Path, description = "An event id (`evt_…`)")),
    responses(
        (status = 200, body = ReceiptJson),
        (status = 404, body = ProblemView),
        (status = 409, body = ProblemView, description = "Not sequenced yet; retry after the given seconds"),
    ))]
pub(crate) async fn receipt(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<ReceiptJson>> {
    let r = state.app.event_receipt(&auth.principal, &id).await?;
    Ok(Json(ReceiptJson {
        format: r.format,
        origin: r.origin,
        index: r.index,
        entry: r.entry,
        body: r.body,
        salt: r.salt,
        checkpoint: r.checkpoint,
        proof: r.proof,
    }))
}
