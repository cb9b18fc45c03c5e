//! Receipts: everything needed to prove, offline, that an event is in the log. A receipt holds
//! the entry, its index, a signed checkpoint and the inclusion proof of the entry in that
//! checkpoint's tree; for the parties to the event it also holds the event body and the salt
//! that open the entry's commitment. Checking one needs only the log's verifier key.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use super::entry::{Entry, commitment};

/// The receipt format tag, in every receipt.
pub const RECEIPT_FORMAT: &str = "dataport-log-receipt/1";

/// A receipt, as served by `GET /api/v1/events/{id}/receipt` and read by
/// `dataport log verify-receipt`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub format: String,
    /// The log's origin (its checkpoint's first line).
    pub origin: String,
    /// The entry's position in the log.
    pub index: u64,
    /// The entry bytes, base64.
    pub entry: String,
    /// The event's canonical JSON body, exactly as committed to (parties only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The salt, hex (parties only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// A signed checkpoint (C2SP signed note) whose tree contains the entry.
    pub checkpoint: String,
    /// The inclusion proof, base64 hashes from the leaf up (RFC 9162 §2.1.3).
    pub proof: Vec<String>,
}

/// What a successful check established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReceiptCheck {
    pub origin: String,
    pub index: u64,
    pub tree_size: u64,
    pub event: String,
    pub event_type: String,
    pub time: String,
    pub subject: String,
    /// Whether the receipt carried the body and salt and they open the commitment. When
    /// `false` only the entry's presence in the log is proved, not what the event said.
    pub opened: bool,
}

/// Why a receipt does not hold, with a stable code for each reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("the receipt is not a Dataport log receipt (format {0:?})")]
    Format(String),
    #[error("the receipt is malformed: {0}")]
    Malformed(&'static str),
    #[error("the checkpoint's signature does not verify with this key: {0}")]
    Signature(String),
    #[error("the checkpoint is for origin {checkpoint:?}, the receipt for {receipt:?}")]
    Origin { checkpoint: String, receipt: String },
    #[error("the inclusion proof does not lead to the signed root: {0}")]
    Inclusion(String),
    #[error("the body and salt do not open the entry's commitment")]
    Commitment,
    #[error("the opened body is not the event the entry names")]
    BodyMismatch,
}

impl ReceiptError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ReceiptError::Format(_) => "receipt.format",
            ReceiptError::Malformed(_) => "receipt.malformed",
            ReceiptError::Signature(_) => "receipt.signature",
            ReceiptError::Origin { .. } => "receipt.origin",
            ReceiptError::Inclusion(_) => "receipt.inclusion",
            ReceiptError::Commitment => "receipt.commitment",
            ReceiptError::BodyMismatch => "receipt.body_mismatch",
        }
    }

    /// The reason in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            ReceiptError::Format(_) => "这不是数港存证日志回执。".into(),
            ReceiptError::Malformed(what) => format!("回执格式错误：{what}。"),
            ReceiptError::Signature(_) => "检查点签名无法用该公钥验证。".into(),
            ReceiptError::Origin { .. } => "检查点与回执属于不同的日志。".into(),
            ReceiptError::Inclusion(_) => "包含证明无法推导出已签名的根哈希。".into(),
            ReceiptError::Commitment => "事件正文和盐值无法打开该条目的承诺值。".into(),
            ReceiptError::BodyMismatch => "打开的事件正文与条目所指事件不一致。".into(),
        }
    }
}

/// Checks `receipt` against the log's verifier key (`<name>+<key id>+<key>`): the checkpoint's
/// signature, the inclusion proof of the entry in the signed tree, and, when the receipt carries
/// them, that the body and salt open the entry's commitment and name the same event.
pub fn verify_receipt(
    receipt: &Receipt,
    verifier: &tlog::Verifier,
) -> Result<ReceiptCheck, ReceiptError> {
    if receipt.format != RECEIPT_FORMAT {
        return Err(ReceiptError::Format(receipt.format.clone()));
    }
    let body = tlog::open_note(&receipt.checkpoint, verifier)
        .map_err(|e| ReceiptError::Signature(e.to_string()))?;
    let checkpoint = tlog::Checkpoint::parse(&body)
        .map_err(|_| ReceiptError::Malformed("the signed checkpoint body"))?;
    if checkpoint.origin != receipt.origin || checkpoint.origin != verifier.name() {
        return Err(ReceiptError::Origin {
            checkpoint: checkpoint.origin,
            receipt: receipt.origin.clone(),
        });
    }
    let entry_bytes = STANDARD
        .decode(&receipt.entry)
        .map_err(|_| ReceiptError::Malformed("entry is not base64"))?;
    let proof = receipt
        .proof
        .iter()
        .map(|h| {
            STANDARD
                .decode(h)
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or(ReceiptError::Malformed(
                    "a proof hash is not 32 bytes of base64",
                ))
        })
        .collect::<Result<Vec<tlog::Hash>, _>>()?;
    tlog::verify_inclusion(
        &tlog::leaf_hash(&entry_bytes),
        receipt.index,
        checkpoint.size,
        &proof,
        &checkpoint.root,
    )
    .map_err(|e| ReceiptError::Inclusion(e.to_string()))?;
    let entry = Entry::parse(&entry_bytes)
        .ok_or(ReceiptError::Malformed("entry is not a Dataport entry"))?;
    let opened = match (&receipt.body, &receipt.salt) {
        (Some(body), Some(salt)) => {
            // Salts are exactly 32 bytes: a longer one could shift bytes between salt and body.
            let salt = hex::decode(salt)
                .ok()
                .filter(|s| s.len() == 32)
                .ok_or(ReceiptError::Malformed("salt is not 32 bytes of hex"))?;
            let expected = commitment(&salt, body.as_bytes());
            // Both sides are public values; no secret is compared here.
            if expected != entry.commitment {
                return Err(ReceiptError::Commitment);
            }
            let value: serde_json::Value = serde_json::from_str(body)
                .map_err(|_| ReceiptError::Malformed("body is not JSON"))?;
            if value.get("id").and_then(|v| v.as_str()) != Some(entry.event.as_str())
                || value.get("type").and_then(|v| v.as_str()) != Some(entry.event_type.as_str())
            {
                return Err(ReceiptError::BodyMismatch);
            }
            true
        }
        (None, None) => false,
        _ => return Err(ReceiptError::Malformed("body and salt come together")),
    };
    Ok(ReceiptCheck {
        origin: checkpoint.origin,
        index: receipt.index,
        tree_size: checkpoint.size,
        event: entry.event,
        event_type: entry.event_type,
        time: entry.time,
        subject: entry.subject,
        opened,
    })
}
