//! Certificates (登记凭证): W3C Verifiable Credentials 2.0 the exchange issues, secured with an
//! `eddsa-jcs-2022` Data Integrity proof by the exchange's Ed25519 key (published as a
//! `did:key`), each embedding the transparency-log receipt of the event it attests.
//!
//! **What a certificate proves, offline.** The proof shows the exchange issued it unchanged. The
//! embedded receipt shows that the attested event is in the exchange's public log (a signed
//! checkpoint and an inclusion proof), and opens the event: its body names the asset and
//! carries the SHA-256 of the state the certificate states (`stateDigest`), so the log, not only
//! the issuer, vouches for that state at that time. [`verify_certificate`] checks all of it
//! with no network.
//!
//! **Revocation.** Every certificate holds a random place in a W3C Bitstring Status List the
//! exchange publishes as a signed credential, valid for a day; a certificate is revoked when it
//! is superseded (the asset's rights changed and a new one was issued), when the asset is
//! destroyed, or when its registration is cancelled or falls. [`check_status`] reads the list.
//!
//! **Issuing.** A certificate needs its event's receipt, which exists once the sequencer has
//! put the event in a checkpoint (within about 100 ms). `issue_due_certificates` issues every
//! certificate whose event is in the log; `serve` runs it a few times a second
//! (`run_certifier`), and asking for an asset's certificate issues it on the spot if it is due.

use std::path::Path;

use rand::Rng as _;
use serde::Serialize;
use serde_json::{Value, json};
use types::AssetId;

use crate::log::{Receipt, ReceiptError, verify_receipt};
use crate::rights::{DESTRUCTION_EVENT, STATE_EVENT, describe, digest_of, rights_state};
use crate::{App, Code, Error, Principal, Result};

/// Entries per status list: the specification's minimum, 131,072.
pub const STATUS_LIST_LEN: i64 = vc::MIN_STATUS_LIST_LEN as i64;
/// A list takes new certificates until this many places are used, so random places stay easy
/// to find; then the next list opens.
const STATUS_LIST_FILL: i64 = STATUS_LIST_LEN / 2;

/// The one `@context` of Dataport's certificates.
pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// The `type` of a registration certificate, after `VerifiableCredential`.
pub const REGISTRATION_TYPE: &str = "DataAssetRegistrationCertificate";
/// The `type` of a destruction certificate.
pub const DESTRUCTION_TYPE: &str = "DataAssetDestructionCertificate";
/// The `type` of the evidence item holding the log receipt.
pub const RECEIPT_EVIDENCE_TYPE: &str = "TransparencyLogReceipt";

/// The exchange's credential issuer.
pub(crate) struct Certs {
    issuer: vc::Issuer,
}

impl std::fmt::Debug for Certs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certs")
            .field("did", &self.issuer.did())
            .finish_non_exhaustive()
    }
}

impl Certs {
    /// Loads the issuer key from `path` (hex of the 32-byte Ed25519 seed), creating it with mode
    /// 0600 on first start.
    pub(crate) fn open(path: &Path) -> Result<Certs> {
        let seed = match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = hex::decode(text.trim())
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b).ok());
                bytes.ok_or_else(|| {
                    Error::internal(std::io::Error::other(format!(
                        "the issuer key at {} is not 64 hex digits",
                        path.display()
                    )))
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let seed: [u8; 32] = rand::rngs::OsRng.r#gen();
                crate::log::write_secret(path, &hex::encode(seed)).map_err(Error::internal)?;
                seed
            }
            Err(e) => return Err(Error::internal(e)),
        };
        let issuer = vc::Issuer::new(vc::ed25519_dalek::SigningKey::from_bytes(&seed));
        tracing::info!(did = %issuer.did(), "certificate issuer");
        Ok(Certs { issuer })
    }
}

/// A certificate as the API lists it.
#[derive(Clone, Debug, Serialize)]
pub struct CertificateView {
    pub id: String,
    pub kind: String,
    pub asset: AssetId,
    pub event: String,
    pub issued_at: String,
    pub revoked_at: Option<String>,
    pub revoked_reason: Option<String>,
    pub credential: Value,
}

impl CertificateView {
    fn of(c: store::rights::Certificate) -> Result<CertificateView> {
        Ok(CertificateView {
            credential: serde_json::from_str(&c.credential)
                .map_err(|_| Error::internal(store::Error::Corrupt("certificates.credential")))?,
            id: c.id,
            kind: c.kind,
            asset: c.asset_id,
            event: c.event_id,
            issued_at: types::format_timestamp(&c.issued_at),
            revoked_at: c.revoked_at.as_ref().map(types::format_timestamp),
            revoked_reason: c.revoked_reason,
        })
    }
}

fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl App {
    /// The issuer's `did:key`.
    pub fn issuer_did(&self) -> String {
        self.certs.issuer.did()
    }

    /// The URL of status list `list`'s credential.
    pub fn status_list_url(&self, list: i64) -> String {
        format!(
            "{}/api/v1/credentials/status/{list}",
            self.config.public_url.trim_end_matches('/')
        )
    }

    /// Issues every certificate whose event is in the log (at most `limit`); returns how many.
    pub async fn issue_due_certificates(&self, limit: i64) -> Result<usize> {
        let due = store::rights::due_for_certificate(self.store.pool(), limit).await?;
        let mut issued = 0;
        for asset in due {
            // One asset's failure does not hold up the others.
            match self.issue_certificate(&asset).await {
                Ok(Some(_)) => issued += 1,
                Ok(None) => {}
                Err(e) => tracing::warn!(%asset, error = %e, "could not issue a certificate"),
            }
        }
        Ok(issued)
    }

    /// Issues the certificate attesting `asset`'s latest rights event (a registration
    /// certificate, or a destruction certificate for a destroyed asset) if it is in the log and
    /// not yet attested. Earlier certificates of the asset are revoked as superseded.
    async fn issue_certificate(
        &self,
        asset: &AssetId,
    ) -> Result<Option<store::rights::Certificate>> {
        // The state is read first and re-checked under the write lock below: a change committed
        // in between makes this certificate stale, and the newer event is attested instead.
        let registry = self.registry_snapshot().await?;
        let pool = self.store.pool();
        let Some(record) = store::rights::asset(pool, asset).await? else {
            return Ok(None);
        };
        let Some(a) = store::assets::get(pool, asset).await? else {
            return Ok(None);
        };
        let event = store::events::by_id(pool, &record.last_event_id)
            .await?
            .ok_or_else(|| Error::internal(store::Error::Corrupt("rights_assets.last_event_id")))?;
        let receipt = match self.receipt_of(&record.last_event_id, true).await {
            Ok(r) => r,
            Err(e) if e.code() == Code::LogPending => return Ok(None),
            Err(e) => return Err(e),
        };
        let body: Value = serde_json::from_str(&event.body)
            .map_err(|_| Error::internal(store::Error::Corrupt("events.body")))?;
        let stated_digest = body["data"]["state_digest"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let destroyed = a.lifecycle == "destroyed";
        let expected = if destroyed {
            DESTRUCTION_EVENT
        } else {
            STATE_EVENT
        };
        if event.event_type != expected {
            // A destroyed asset is attested once, by its destruction certificate.
            return Ok(None);
        }
        // Everything the subject states is under the digest the logged event carries.
        let mut fallen = None;
        let (kind, subject) = if destroyed {
            let cause = body["data"]["cause"].as_str().unwrap_or_default();
            let cause = store::events::by_id(pool, cause)
                .await?
                .ok_or_else(|| Error::internal(store::Error::Corrupt("asset.destruction cause")))?;
            let cause: Value = serde_json::from_str(&cause.body)
                .map_err(|_| Error::internal(store::Error::Corrupt("events.body")))?;
            let destruction = cause["data"]["destroyed"].clone();
            if digest_of(&destruction)? != stated_digest {
                return Err(Error::internal(store::Error::Corrupt(
                    "asset.destroyed digest",
                )));
            }
            (
                "destruction",
                json!({
                    "id": asset_urn(asset),
                    "destruction": destruction,
                    "stateDigest": stated_digest,
                }),
            )
        } else {
            let described = describe(pool, &registry, asset).await?;
            let Some(state) = rights_state(&registry, asset, &described) else {
                return Ok(None);
            };
            // The registry has moved on since the event: a newer event will be attested.
            if digest_of(&state)? != stated_digest {
                return Ok(None);
            }
            // A registration that was cancelled, or whose original grants all fell (an upheld
            // objection), is stated truthfully but revoked at once: it no longer holds.
            let originals: Vec<&rights::Grant> = registry
                .grants_of(asset)
                .into_iter()
                .filter(|g| g.kind == rights::GrantKind::Original)
                .collect();
            if registry.asset(asset).is_some_and(|r| r.cancelled) {
                fallen = Some("registration cancelled");
            } else if !originals.is_empty()
                && originals
                    .iter()
                    .all(|g| matches!(g.status, rights::GrantStatus::Revoked { .. }))
            {
                fallen = Some("registration fell");
            }
            (
                "registration",
                json!({
                    "id": asset_urn(asset),
                    "registration": state,
                    "stateDigest": stated_digest,
                }),
            )
        };
        let cert_id = format!("urn:uuid:{}", uuid::Uuid::now_v7());
        let issued_at = types::now();
        let mut tx = self.store.begin().await?;
        // Under the write lock: a change committed since the state was read makes this one
        // stale; the newer event will be attested instead.
        match store::rights::asset(tx.conn(), asset).await? {
            Some(now) if now.last_event_id == record.last_event_id => {}
            _ => return Ok(None),
        }
        if let Some(existing) = store::rights::latest_certificate(tx.conn(), asset, kind).await?
            && existing.event_id == record.last_event_id
        {
            return Ok(Some(existing));
        }
        let (list, index) = allocate_status(&mut tx).await?;
        let unsecured = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": cert_id,
            "type": ["VerifiableCredential", if destroyed { DESTRUCTION_TYPE } else { REGISTRATION_TYPE }],
            "name": if destroyed { "数据资产销毁凭证 Data asset destruction certificate" } else { "数据资产登记凭证 Data asset registration certificate" },
            "issuer": {"id": self.issuer_did(), "name": "数港 Dataport"},
            "validFrom": now_rfc3339(),
            "credentialSubject": subject,
            "credentialStatus": {
                "id": format!("{}#{index}", self.status_list_url(list)),
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": index.to_string(),
                "statusListCredential": self.status_list_url(list),
            },
            "evidence": [{
                "type": [RECEIPT_EVIDENCE_TYPE],
                "logKey": self.log_key().verifier_key,
                "receipt": receipt,
            }],
        });
        let credential = self
            .certs
            .issuer
            .sign(&unsecured, &now_rfc3339())
            .map_err(|e| Error::internal(std::io::Error::other(e.to_string())))?;
        let text = serde_json_canonicalizer::to_string(&credential).map_err(Error::internal)?;
        let cert = store::rights::Certificate {
            id: cert_id.clone(),
            kind: kind.to_owned(),
            asset_id: *asset,
            event_id: record.last_event_id.clone(),
            status_list: list,
            status_index: index,
            credential: text.clone(),
            issued_at,
            revoked_at: fallen.map(|_| issued_at),
            revoked_reason: fallen.map(str::to_owned),
        };
        for old in store::rights::certificates_of(tx.conn(), asset).await? {
            if old.revoked_at.is_none() {
                let reason = if destroyed { "destroyed" } else { "superseded" };
                store::rights::revoke_certificate(tx.conn(), &old.id, reason, &issued_at).await?;
            }
        }
        store::rights::insert_certificate(tx.conn(), &cert).await?;
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "certificate.issued",
                subject_id: asset.to_string(),
                actor_id: None,
                at: issued_at,
                data: json!({
                    "certificate": cert_id, "kind": kind, "attests": record.last_event_id,
                    "sha256": hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
                    "status_list": list, "status_index": index,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Some(cert))
    }

    /// An asset's current certificate of `kind` (`registration` or `destruction`): issued now
    /// if it is due. For the asset's owner, operators and regulators. `409 log.pending` while
    /// the event it will attest is not yet in the log.
    pub async fn asset_certificate(
        &self,
        who: &Principal,
        asset: &AssetId,
        kind: &str,
    ) -> Result<CertificateView> {
        let pool = self.store.pool();
        // The certificate states every grant, so it is its owner's to hand out (and staff's).
        let a = store::assets::get(pool, asset)
            .await?
            .filter(|a| who.may_read(&a.participant_id))
            .ok_or(Error::new(Code::AssetNotFound))?;
        let Some(record) = store::rights::asset(pool, asset).await? else {
            return Err(Error::new(Code::RightsNotRegistered));
        };
        let latest_event = Some(record.last_event_id);
        let current = store::rights::latest_certificate(pool, asset, kind).await?;
        if let Some(c) = &current
            && Some(&c.event_id) == latest_event.as_ref()
        {
            return CertificateView::of(c.clone());
        }
        let wanted = if a.lifecycle == "destroyed" {
            "destruction"
        } else {
            "registration"
        };
        if kind == wanted
            && let Some(c) = self.issue_certificate(asset).await?
            && c.kind == kind
        {
            return CertificateView::of(c);
        }
        if kind != wanted {
            return match current {
                Some(c) => CertificateView::of(c),
                None => Err(Error::new(Code::CertificateNotFound)),
            };
        }
        Err(Error::new(Code::LogPending).retry_after(1))
    }

    /// Issues due certificates until `shutdown`, a few times a second, and suspends listings
    /// whose rights lapsed, once a minute (every node may run it: an event is attested once,
    /// whoever gets there first).
    pub async fn run_certifier(&self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut rounds = 0u64;
        loop {
            // Listings whose rights lapsed with the calendar: once a minute is soon enough for
            // terms that end at a day's boundary.
            if rounds.is_multiple_of(240) {
                match self.suspend_lapsed_listings().await {
                    Ok(n) if n > 0 => tracing::info!(suspended = n, "suspended lapsed listings"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "checking listings failed; retrying"),
                }
                match self.sweep_destroyed_files().await {
                    Ok(n) if n > 0 => tracing::info!(assets = n, "deleted destroyed assets' files"),
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "deleting destroyed files failed; retrying")
                    }
                }
            }
            rounds += 1;
            match self.issue_due_certificates(256).await {
                Ok(n) if n > 0 => tracing::debug!(issued = n, "issued certificates"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "issuing certificates failed; retrying"),
            }
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(std::time::Duration::from_millis(250)) => {}
            }
        }
    }

    /// Every certificate issued for an asset, newest first.
    pub async fn asset_certificates(
        &self,
        who: &Principal,
        asset: &AssetId,
    ) -> Result<Vec<CertificateView>> {
        let owner = store::assets::get(self.store.pool(), asset)
            .await?
            .map(|a| a.participant_id);
        if !owner.is_some_and(|o| who.may_read(&o)) {
            return Err(Error::new(Code::AssetNotFound));
        }
        store::rights::certificates_of(self.store.pool(), asset)
            .await?
            .into_iter()
            .map(CertificateView::of)
            .collect()
    }

    /// A certificate by its id (public: certificates are meant to be shown to anyone).
    pub async fn certificate(&self, id: &str) -> Result<CertificateView> {
        store::rights::certificate(self.store.pool(), id)
            .await?
            .ok_or(Error::new(Code::CertificateNotFound))
            .and_then(CertificateView::of)
    }

    /// Status list `list` as a signed `BitstringStatusListCredential` (public).
    pub async fn status_list_credential(&self, list: i64) -> Result<Value> {
        if !(1..=1_000_000).contains(&list) {
            return Err(Error::new(Code::NotFound));
        }
        let pool = self.store.pool();
        if list > 1 && store::rights::status_list_used(pool, list).await? == 0 {
            return Err(Error::new(Code::NotFound));
        }
        let mut bits = vc::StatusList::new(vc::MIN_STATUS_LIST_LEN);
        for index in store::rights::revoked_indexes(pool, list).await? {
            let index = usize::try_from(index)
                .map_err(|_| Error::internal(store::Error::Corrupt("certificates.status_index")))?;
            bits.set(index, true)
                .map_err(|_| Error::internal(store::Error::Corrupt("certificates.status_index")))?;
        }
        let url = self.status_list_url(list);
        let unsecured = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.issuer_did(),
            "validFrom": now_rfc3339(),
            // A list is fresh for a day: an old copy replayed later is refused.
            "validUntil": (chrono::Utc::now() + chrono::Duration::days(1))
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            "credentialSubject": {
                "id": format!("{url}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": bits.encoded_list(),
            },
        });
        self.certs
            .issuer
            .sign(&unsecured, &now_rfc3339())
            .map_err(|e| Error::internal(std::io::Error::other(e.to_string())))
    }
}

fn asset_urn(asset: &AssetId) -> String {
    format!("urn:dataport:asset:{asset}")
}

/// A random free place in the first status list with room.
async fn allocate_status(tx: &mut store::Tx) -> Result<(i64, i64)> {
    let mut list = 1;
    while store::rights::status_list_used(tx.conn(), list).await? >= STATUS_LIST_FILL {
        list += 1;
    }
    // At most half the list is used, so each draw is free with probability ≥ 1/2.
    for _ in 0..64 {
        let index = rand::rngs::OsRng.gen_range(0..STATUS_LIST_LEN);
        if !store::rights::status_index_taken(tx.conn(), list, index).await? {
            return Ok((list, index));
        }
    }
    Err(Error::internal(std::io::Error::other(
        "no free status list place in 64 draws",
    )))
}

/// What checking a certificate offline established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateCheck {
    /// `registration` or `destruction`.
    pub kind: String,
    pub id: String,
    pub issuer: String,
    /// The asset (`ast_…`).
    pub asset: String,
    pub title: String,
    pub valid_from: String,
    /// The attested event, its type, and where it is in the log.
    pub event: String,
    pub event_type: String,
    pub log_origin: String,
    pub log_index: u64,
    pub tree_size: u64,
    pub state_digest: String,
    /// Where revocation is published, and this certificate's place.
    pub status_list: Option<String>,
    pub status_index: Option<usize>,
}

/// Why a certificate was refused, with a stable code.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    #[error("the certificate's proof does not verify: {0}")]
    Proof(#[from] vc::VcError),
    #[error("the certificate is not one Dataport issues: {0}")]
    Shape(String),
    #[error("the issuer is {found}, not the expected {expected}")]
    Issuer { found: String, expected: String },
    #[error("the log key is {found}, not the expected {expected}")]
    LogKey { found: String, expected: String },
    #[error("the embedded log receipt does not verify: {0}")]
    Receipt(#[from] ReceiptError),
    #[error("the logged event does not match the certificate: {0}")]
    Mismatch(String),
    #[error("the status list does not verify: {0}")]
    Status(String),
}

impl CertError {
    pub fn code(&self) -> &'static str {
        match self {
            CertError::Proof(_) => "certificate.bad_proof",
            CertError::Shape(_) => "certificate.malformed",
            CertError::Issuer { .. } => "certificate.wrong_issuer",
            CertError::LogKey { .. } => "certificate.wrong_log_key",
            CertError::Receipt(_) => "certificate.bad_receipt",
            CertError::Mismatch(_) => "certificate.event_mismatch",
            CertError::Status(_) => "certificate.bad_status_list",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            CertError::Proof(e) => format!("证书签名校验失败：{e}"),
            CertError::Shape(e) => format!("不是数港签发的证书：{e}"),
            CertError::Issuer { found, expected } => {
                format!("签发方为 {found}，而非预期的 {expected}")
            }
            CertError::LogKey { found, expected } => {
                format!("存证日志公钥为 {found}，而非预期的 {expected}")
            }
            CertError::Receipt(e) => format!("内嵌的存证收据校验失败：{}", e.message_zh()),
            CertError::Mismatch(e) => format!("存证事件与证书内容不一致：{e}"),
            CertError::Status(e) => format!("状态列表校验失败：{e}"),
        }
    }
}

fn shape(what: &str) -> CertError {
    CertError::Shape(what.to_owned())
}

/// Checks a certificate offline: the Data Integrity proof (`eddsa-jcs-2022`, key from the
/// issuer's `did:key`), the issuer (against `expected_issuer` when given), the embedded log
/// receipt (against `expected_log_key` when given, else the key the certificate names), and
/// that the logged event is about this asset and carries the digest of what the certificate
/// states.
pub fn verify_certificate(
    credential: &Value,
    expected_issuer: Option<&str>,
    expected_log_key: Option<&str>,
) -> std::result::Result<CertificateCheck, CertError> {
    // Data Integrity lets entries be appended to a document's `@context` after signing (the
    // proof's own context is what was signed); Dataport's certificates have exactly the VC 2.0
    // context in both places, so anything else is not one of them.
    let verified = vc::verify(credential)?;
    let context = serde_json::json!([VC_CONTEXT]);
    if credential["@context"] != context || credential["proof"]["@context"] != context {
        return Err(shape("its @context is not exactly the VC 2.0 context"));
    }
    let doc = &verified.document;
    let issuer = match &doc["issuer"] {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| shape("the issuer has no id"))?
            .to_owned(),
        _ => return Err(shape("no issuer")),
    };
    let method_did = verified
        .verification_method
        .split('#')
        .next()
        .unwrap_or_default();
    if method_did != issuer {
        return Err(CertError::Issuer {
            found: method_did.to_owned(),
            expected: issuer,
        });
    }
    if let Some(expected) = expected_issuer
        && expected != issuer
    {
        return Err(CertError::Issuer {
            found: issuer,
            expected: expected.to_owned(),
        });
    }
    let types: Vec<&str> = doc["type"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let kind = if types.contains(&REGISTRATION_TYPE) {
        "registration"
    } else if types.contains(&DESTRUCTION_TYPE) {
        "destruction"
    } else {
        return Err(shape(
            "its type is neither a registration nor a destruction certificate",
        ));
    };
    let subject = &doc["credentialSubject"];
    // Every statement in the subject is under the logged digest: nothing may sit beside it.
    let stated_key = match kind {
        "registration" => "registration",
        _ => "destruction",
    };
    let keys_ok = subject.as_object().is_some_and(|o| {
        o.len() == 3
            && o.contains_key("id")
            && o.contains_key("stateDigest")
            && o.contains_key(stated_key)
    });
    if !keys_ok {
        return Err(shape(&format!(
            "its subject holds more or less than id, {stated_key} and stateDigest"
        )));
    }
    let asset = subject["id"]
        .as_str()
        .and_then(|s| s.strip_prefix("urn:dataport:asset:"))
        .ok_or_else(|| shape("the subject is not a data asset"))?;
    let stated = subject["stateDigest"]
        .as_str()
        .ok_or_else(|| shape("no stateDigest"))?;
    let state = match kind {
        "registration" => &subject["registration"],
        _ => &subject["destruction"],
    };
    let computed =
        digest_of(state).map_err(|_| shape("the stated state cannot be canonicalised"))?;
    if computed != stated {
        return Err(CertError::Mismatch(format!(
            "the stated state hashes to {computed}, not {stated}"
        )));
    }
    if state["asset"].as_str() != Some(asset) {
        return Err(CertError::Mismatch(format!(
            "the {stated_key} names another asset"
        )));
    }
    let evidence = doc["evidence"]
        .as_array()
        .and_then(|e| {
            e.iter().find(|item| {
                item["type"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t == RECEIPT_EVIDENCE_TYPE))
            })
        })
        .ok_or_else(|| shape("no transparency-log receipt in its evidence"))?;
    let log_key = evidence["logKey"]
        .as_str()
        .ok_or_else(|| shape("the receipt names no log key"))?;
    if let Some(expected) = expected_log_key
        && expected.trim() != log_key
    {
        return Err(CertError::LogKey {
            found: log_key.to_owned(),
            expected: expected.trim().to_owned(),
        });
    }
    let verifier =
        tlog::Verifier::parse(log_key).map_err(|_| shape("the log key is not a verifier key"))?;
    let receipt: Receipt = serde_json::from_value(evidence["receipt"].clone())
        .map_err(|e| shape(&format!("the receipt is malformed: {e}")))?;
    let check = verify_receipt(&receipt, &verifier)?;
    let body: Value = receipt
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .ok_or_else(|| CertError::Mismatch("the receipt does not open its event".into()))?;
    if !check.opened || check.subject != asset {
        return Err(CertError::Mismatch(format!(
            "the logged event is about {}, not {asset}",
            check.subject
        )));
    }
    let attested = match kind {
        "registration" => STATE_EVENT,
        _ => DESTRUCTION_EVENT,
    };
    if check.event_type != attested {
        return Err(CertError::Mismatch(format!(
            "the logged event is a {}, not a {attested}",
            check.event_type
        )));
    }
    if body["data"]["state_digest"].as_str() != Some(stated) {
        return Err(CertError::Mismatch(
            "the logged event carries another state digest".into(),
        ));
    }
    let status = &doc["credentialStatus"];
    Ok(CertificateCheck {
        kind: kind.to_owned(),
        id: doc["id"].as_str().unwrap_or_default().to_owned(),
        issuer,
        asset: asset.to_owned(),
        title: state["title"].as_str().unwrap_or_default().to_owned(),
        valid_from: doc["validFrom"].as_str().unwrap_or_default().to_owned(),
        event: check.event,
        event_type: check.event_type,
        log_origin: check.origin,
        log_index: check.index,
        tree_size: check.tree_size,
        state_digest: stated.to_owned(),
        status_list: status["statusListCredential"].as_str().map(str::to_owned),
        status_index: status["statusListIndex"]
            .as_str()
            .and_then(|s| s.parse().ok()),
    })
}

/// Whether the certificate `check` describes is revoked, per the status list credential
/// fetched from its `statusListCredential` URL: the list must verify and come from the same
/// issuer.
pub fn check_status(
    check: &CertificateCheck,
    status_credential: &Value,
) -> std::result::Result<bool, CertError> {
    let (Some(url), Some(index)) = (&check.status_list, check.status_index) else {
        return Err(CertError::Status(
            "the certificate has no status entry".into(),
        ));
    };
    let verified = vc::verify(status_credential).map_err(|e| CertError::Status(e.to_string()))?;
    let doc = &verified.document;
    let issuer = doc["issuer"]
        .as_str()
        .or_else(|| doc["issuer"]["id"].as_str())
        .unwrap_or_default();
    if issuer != check.issuer
        || !verified
            .verification_method
            .starts_with(&format!("{issuer}#"))
    {
        return Err(CertError::Status(
            "the list comes from another issuer".into(),
        ));
    }
    if doc["id"].as_str() != Some(url.as_str()) {
        return Err(CertError::Status(
            "the list is not the one the certificate names".into(),
        ));
    }
    let now = chrono::Utc::now();
    let time = |field: &str| {
        doc[field]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
    };
    match (time("validFrom"), time("validUntil")) {
        (Some(from), Some(until)) if from <= now + chrono::Duration::minutes(5) && now <= until => {
        }
        _ => {
            return Err(CertError::Status(
                "the list is not valid now (expired, not yet valid, or without validity)".into(),
            ));
        }
    }
    if doc["credentialSubject"]["statusPurpose"].as_str() != Some("revocation") {
        return Err(CertError::Status(
            "the list is not a revocation list".into(),
        ));
    }
    let encoded = doc["credentialSubject"]["encodedList"]
        .as_str()
        .ok_or_else(|| CertError::Status("no encodedList".into()))?;
    let list = vc::StatusList::decode(encoded).map_err(|e| CertError::Status(e.to_string()))?;
    list.get(index)
        .map_err(|e| CertError::Status(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://exchange.example/api/v1/credentials/status/1";

    fn issuer() -> vc::Issuer {
        vc::Issuer::new(vc::ed25519_dalek::SigningKey::from_bytes(&[7; 32]))
    }

    fn check_of(issuer: &vc::Issuer, index: usize) -> CertificateCheck {
        CertificateCheck {
            kind: "registration".into(),
            id: "urn:uuid:0".into(),
            issuer: issuer.did(),
            asset: "ast_0".into(),
            title: String::new(),
            valid_from: String::new(),
            event: String::new(),
            event_type: STATE_EVENT.into(),
            log_origin: String::new(),
            log_index: 0,
            tree_size: 1,
            state_digest: String::new(),
            status_list: Some(URL.into()),
            status_index: Some(index),
        }
    }

    /// A status list signed by `issuer`, valid from `from` until `until`, with `revoked` set.
    fn list(issuer: &vc::Issuer, from: &str, until: &str, revoked: usize) -> Value {
        let mut bits = vc::StatusList::new(vc::MIN_STATUS_LIST_LEN);
        bits.set(revoked, true).unwrap();
        let doc = json!({
            "@context": [VC_CONTEXT],
            "id": URL,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer.did(),
            "validFrom": from,
            "validUntil": until,
            "credentialSubject": {
                "id": format!("{URL}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": bits.encoded_list(),
            },
        });
        issuer.sign(&doc, from).unwrap()
    }

    fn at(offset: chrono::Duration) -> String {
        (chrono::Utc::now() + offset)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    }

    #[test]
    fn a_status_list_is_read_only_while_it_is_valid_and_from_its_issuer() {
        let issuer = issuer();
        let day = chrono::Duration::days(1);
        let fresh = list(&issuer, &at(-chrono::Duration::hours(1)), &at(day), 5);
        assert!(check_status(&check_of(&issuer, 5), &fresh).unwrap());
        assert!(!check_status(&check_of(&issuer, 6), &fresh).unwrap());
        // A list that expired yesterday (a replayed copy) or starts tomorrow says nothing.
        let expired = list(&issuer, &at(-day * 2), &at(-day), 5);
        let early = list(&issuer, &at(day), &at(day * 2), 5);
        for stale in [expired, early] {
            assert!(matches!(
                check_status(&check_of(&issuer, 6), &stale),
                Err(CertError::Status(_))
            ));
        }
        // Another issuer's list is not this certificate's.
        let other = vc::Issuer::new(vc::ed25519_dalek::SigningKey::from_bytes(&[9; 32]));
        let foreign = list(&other, &at(-chrono::Duration::hours(1)), &at(day), 5);
        assert!(check_status(&check_of(&issuer, 6), &foreign).is_err());
    }
}
