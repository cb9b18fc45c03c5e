//! Participants (数商): registration with a verified organisation identifier, and the operator's
//! verification workflow, an explicit state machine:
//!
//! ```text
//! pending ──verify──► verified ──suspend──► suspended ──reinstate──► verified
//!    └──────────────────suspend (reject)───────►┘
//! ```

use base64::Engine as _;
use store::{NewEvent, NewParticipant, Participant, ParticipantFilter, User};
use types::{
    Lei, MerchantRole, OrgIdScheme, ParticipantId, ParticipantKind, ParticipantStatus, Region,
    ServiceKind, StaffRole, Uscc,
};

use crate::{App, Code, Error, Page, Principal, Result, clamp_limit};

/// What an organisation submits to register, with its first (administrator) user.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Registration {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// ISO 3166-1 alpha-2; `CN` is the mainland.
    pub region: String,
    /// Required for mainland organisations.
    pub uscc: Option<String>,
    /// Required for organisations outside the mainland (including HK, MO, TW).
    pub lei: Option<String>,
    pub roles: Vec<MerchantRole>,
    #[serde(default)]
    pub service_kinds: Vec<ServiceKind>,
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub password: String,
}

/// The registered participant and its first user.
#[derive(Clone, Debug)]
pub struct RegistrationOutcome {
    pub participant: Participant,
    pub user: User,
}

/// A verification decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transition {
    Verify,
    Suspend,
    Reinstate,
}

impl Transition {
    fn event(self) -> &'static str {
        match self {
            Transition::Verify => "participant.verified",
            Transition::Suspend => "participant.suspended",
            Transition::Reinstate => "participant.reinstated",
        }
    }

    /// The one place that says which moves are legal.
    fn apply(self, from: ParticipantStatus) -> Result<ParticipantStatus> {
        use ParticipantStatus::*;
        match (self, from) {
            (Transition::Verify, Pending) => Ok(Verified),
            (Transition::Suspend, Pending | Verified) => Ok(Suspended),
            (Transition::Reinstate, Suspended) => Ok(Verified),
            (t, from) => Err(Error::new(Code::InvalidTransition).detail(
                format!("Cannot {t:?} a participant that is {from}.").to_lowercase(),
                format!("状态为 {from} 的参与方不能执行 {t:?}。"),
            )),
        }
    }
}

fn invalid(en: &str, zh: &str) -> Error {
    Error::new(Code::InvalidParticipant).detail(en, zh)
}

/// Checks a registration and turns it into what the store writes.
fn parse_registration(r: &Registration) -> Result<NewParticipant> {
    let region = Region::parse(&r.region).map_err(|_| Error::new(Code::InvalidRegion))?;
    let (scheme, org_id) = if region.is_mainland() {
        let uscc = r.uscc.as_deref().ok_or_else(|| {
            invalid(
                "Mainland organisations register with their unified social credit code.",
                "境内机构须使用统一社会信用代码注册。",
            )
        })?;
        let code = Uscc::parse(uscc).map_err(|e| {
            Error::new(Code::InvalidUscc).detail(e.to_string(), "请核对 18 位代码及其校验位。")
        })?;
        (OrgIdScheme::Uscc, code.as_str().to_owned())
    } else {
        let lei = r.lei.as_deref().ok_or_else(|| {
            invalid(
                "Organisations outside the mainland (including Hong Kong, Macao and Taiwan) register with their LEI.",
                "境外机构（含港澳台地区）须使用 LEI 注册。",
            )
        })?;
        let code = Lei::parse(lei).map_err(|e| {
            Error::new(Code::InvalidLei).detail(e.to_string(), "请核对 20 位 LEI 及其校验位。")
        })?;
        (OrgIdScheme::Lei, code.as_str().to_owned())
    };
    let name_zh = r.name_zh.trim();
    let name_en = r.name_en.trim();
    if name_zh.is_empty() && name_en.is_empty() {
        return Err(invalid(
            "An organisation name is required.",
            "机构名称必填。",
        ));
    }
    if name_zh.chars().count() > 200 || name_en.chars().count() > 200 {
        return Err(invalid(
            "Organisation names have at most 200 characters.",
            "机构名称最多 200 个字符。",
        ));
    }
    if r.roles.is_empty() {
        return Err(invalid(
            "Choose at least one role: provider, buyer or service provider.",
            "请至少选择一个角色：数据提供方、数据需求方或服务机构。",
        ));
    }
    let mut roles = r.roles.clone();
    roles.sort_by_key(|x| x.as_str());
    roles.dedup();
    let mut service_kinds = r.service_kinds.clone();
    service_kinds.sort_by_key(|x| x.as_str());
    service_kinds.dedup();
    let is_service = roles.contains(&MerchantRole::ServiceProvider);
    if is_service == service_kinds.is_empty() {
        return Err(invalid(
            "Service providers name their services (law firm, assessor, delivery); other roles name none.",
            "服务机构须选择服务类型（律师事务所、评估机构、交付服务），其他角色不选。",
        ));
    }
    Ok(NewParticipant {
        id: ParticipantId::new(),
        kind: ParticipantKind::Merchant,
        name_zh: if name_zh.is_empty() { name_en } else { name_zh }.to_owned(),
        name_en: if name_en.is_empty() { name_zh } else { name_en }.to_owned(),
        org_id_scheme: scheme,
        org_id,
        region,
        roles,
        service_kinds,
        status: ParticipantStatus::Pending,
        at: types::now(),
    })
}

pub(crate) fn encode_cursor(id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

pub(crate) fn decode_cursor<T>(
    cursor: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    cursor
        .filter(|c| !c.is_empty())
        .map(|c| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(c)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| parse(&s))
                .ok_or(Error::new(Code::BadCursor))
        })
        .transpose()
}

fn participant_event(p: &NewParticipant) -> serde_json::Value {
    serde_json::json!({
        "kind": p.kind,
        "name_zh": p.name_zh,
        "name_en": p.name_en,
        "org_id_scheme": p.org_id_scheme,
        "org_id": p.org_id,
        "region": p.region,
        "roles": p.roles,
        "service_kinds": p.service_kinds,
    })
}

impl App {
    /// Registers an organisation and its first user (an administrator), pending verification.
    /// Anyone may register. Participant, user and both events are written in one transaction,
    /// so a taken username or a duplicate organisation leaves nothing behind.
    pub async fn register(&self, r: &Registration) -> Result<RegistrationOutcome> {
        let new = parse_registration(r)?;
        let user = crate::accounts::prepare_user(
            &new.id,
            &r.username,
            &r.display_name,
            &r.password,
            StaffRole::Admin,
        )
        .await?;
        let mut tx = self.store.begin().await?;
        write_participant(&mut tx, &new, None).await?;
        crate::accounts::write_user(&mut tx, &user, None).await?;
        tx.commit().await?;
        let participant = self.get_participant_unchecked(&new.id).await?;
        let user = store::users::get(self.store.pool(), &user.id)
            .await?
            .ok_or(Error::new(Code::Internal))?;
        Ok(RegistrationOutcome { participant, user })
    }

    pub(crate) async fn insert_participant(
        &self,
        new: &NewParticipant,
        actor: Option<String>,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        write_participant(&mut tx, new, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_participant_unchecked(&self, id: &ParticipantId) -> Result<Participant> {
        store::participants::get(self.store.pool(), id)
            .await?
            .ok_or(Error::new(Code::ParticipantNotFound))
    }

    /// One participant. Merchants may read only their own; others' ids are "not found".
    pub async fn participant(&self, p: &Principal, id: &ParticipantId) -> Result<Participant> {
        if !p.may_read(id) {
            return Err(Error::new(Code::ParticipantNotFound));
        }
        self.get_participant_unchecked(id).await
    }

    /// Participants newest first: all of them for the operator and regulators, only their own
    /// for merchants.
    pub async fn participants(
        &self,
        p: &Principal,
        status: Option<ParticipantStatus>,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Participant>> {
        if !p.sees_everything() {
            let own = p.participant().clone();
            let items = if status.is_none_or(|s| s == own.status) && cursor.is_none() {
                vec![own]
            } else {
                vec![]
            };
            return Ok(Page {
                items,
                next_cursor: None,
            });
        }
        let limit = clamp_limit(limit);
        let before = decode_cursor(cursor, |s| ParticipantId::parse(s).ok())?;
        let items = store::participants::list(
            self.store.pool(),
            &ParticipantFilter {
                status,
                before,
                limit,
            },
        )
        .await?;
        let next_cursor = (items.len() as i64 == limit)
            .then(|| items.last().map(|l| encode_cursor(&l.id.to_string())))
            .flatten();
        Ok(Page { items, next_cursor })
    }

    /// Verifies a pending participant (operator reviewers and administrators).
    pub async fn verify_participant(
        &self,
        p: &Principal,
        id: &ParticipantId,
    ) -> Result<Participant> {
        p.require_operator()?;
        self.transition(p, id, Transition::Verify, None).await
    }

    /// Suspends a participant, or rejects a pending one, with a reason (operator administrators).
    pub async fn suspend_participant(
        &self,
        p: &Principal,
        id: &ParticipantId,
        reason: &str,
    ) -> Result<Participant> {
        p.require_operator_admin()?;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(Error::new(Code::BadRequest).detail(
                "A suspension needs a reason of 1 to 500 characters.",
                "暂停须填写 1 到 500 个字符的理由。",
            ));
        }
        self.transition(p, id, Transition::Suspend, Some(reason))
            .await
    }

    /// Lifts a suspension (operator administrators).
    pub async fn reinstate_participant(
        &self,
        p: &Principal,
        id: &ParticipantId,
    ) -> Result<Participant> {
        p.require_operator_admin()?;
        self.transition(p, id, Transition::Reinstate, None).await
    }

    async fn transition(
        &self,
        p: &Principal,
        id: &ParticipantId,
        t: Transition,
        reason: Option<&str>,
    ) -> Result<Participant> {
        let mut tx = self.store.begin().await?;
        let current = store::participants::get(tx.conn(), id)
            .await?
            .ok_or(Error::new(Code::ParticipantNotFound))?;
        if current.kind != ParticipantKind::Merchant {
            return Err(Error::new(Code::InvalidTransition).detail(
                "The operator and regulators are not subject to verification.",
                "运营方和监管方不适用审核流程。",
            ));
        }
        let next = t.apply(current.status)?;
        let now = types::now();
        store::participants::set_status(tx.conn(), id, next, reason, &now).await?;
        store::events::append(
            tx.conn(),
            &NewEvent {
                event_type: t.event(),
                subject_id: id.to_string(),
                actor_id: p.actor(),
                at: now,
                data: serde_json::json!({"from": current.status, "to": next, "reason": reason}),
            },
        )
        .await?;
        tx.commit().await?;
        self.get_participant_unchecked(id).await
    }

    /// Registers a regulator (an authority that reads everything and changes nothing) with its
    /// first user. Only whoever runs the CLI on the server may (`admin create-regulator`).
    pub async fn create_regulator(
        &self,
        name_zh: &str,
        name_en: &str,
        uscc: &str,
        username: &str,
        password: &str,
    ) -> Result<RegistrationOutcome> {
        let mut new = parse_registration(&Registration {
            name_zh: name_zh.into(),
            name_en: name_en.into(),
            region: "CN".into(),
            uscc: Some(uscc.into()),
            roles: vec![MerchantRole::Buyer],
            username: username.into(),
            password: password.into(),
            ..Registration::default()
        })?;
        new.kind = ParticipantKind::Regulator;
        new.roles = vec![];
        new.status = ParticipantStatus::Verified;
        let user = crate::accounts::prepare_user(&new.id, username, "", password, StaffRole::Admin)
            .await?;
        let mut tx = self.store.begin().await?;
        write_participant(&mut tx, &new, None).await?;
        crate::accounts::write_user(&mut tx, &user, None).await?;
        tx.commit().await?;
        let participant = self.get_participant_unchecked(&new.id).await?;
        let user = store::users::get(self.store.pool(), &user.id)
            .await?
            .ok_or(Error::new(Code::Internal))?;
        Ok(RegistrationOutcome { participant, user })
    }

    /// The exchange operator's participant, created on first use from the demo identity or
    /// the given one.
    pub(crate) async fn ensure_operator(&self) -> Result<ParticipantId> {
        let existing =
            store::participants::first_of_kind(self.store.pool(), ParticipantKind::Operator)
                .await?;
        if let Some(op) = existing {
            return Ok(op.id);
        }
        let new = crate::demo::operator_participant()?;
        self.insert_participant(&new, None).await?;
        Ok(new.id)
    }
}

/// Writes a new participant and its registration event inside `tx`.
async fn write_participant(
    tx: &mut store::Tx,
    new: &NewParticipant,
    actor: Option<String>,
) -> Result<()> {
    match store::participants::insert(tx.conn(), new).await {
        Err(store::Error::Conflict) => return Err(Error::new(Code::DuplicateParticipant)),
        other => other?,
    }
    store::events::append(
        tx.conn(),
        &NewEvent {
            event_type: "participant.registered",
            subject_id: new.id.to_string(),
            actor_id: actor,
            at: new.at,
            data: participant_event(new),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_machine() {
        use ParticipantStatus::*;
        let cases = [
            (Transition::Verify, Pending, Some(Verified)),
            (Transition::Verify, Verified, None),
            (Transition::Verify, Suspended, None),
            (Transition::Suspend, Pending, Some(Suspended)),
            (Transition::Suspend, Verified, Some(Suspended)),
            (Transition::Suspend, Suspended, None),
            (Transition::Reinstate, Suspended, Some(Verified)),
            (Transition::Reinstate, Verified, None),
            (Transition::Reinstate, Pending, None),
        ];
        for (t, from, to) in cases {
            assert_eq!(t.apply(from).ok(), to, "{t:?} from {from}");
        }
    }

    fn reg(region: &str, uscc: Option<&str>, lei: Option<&str>) -> Registration {
        Registration {
            name_zh: "测试".into(),
            region: region.into(),
            uscc: uscc.map(Into::into),
            lei: lei.map(Into::into),
            roles: vec![MerchantRole::Buyer],
            username: "tester".into(),
            password: "long enough pass".into(),
            ..Registration::default()
        }
    }

    #[test]
    fn registration_rules() {
        let code = |r: &Registration| parse_registration(r).err().map(|e| e.code());
        assert_eq!(code(&reg("CN", Some("91110000600037341L"), None)), None);
        assert_eq!(code(&reg("JP", None, Some("213800KUD8LAJWSQ9D15"))), None);
        assert_eq!(code(&reg("HK", None, Some("213800KUD8LAJWSQ9D15"))), None);
        assert_eq!(
            code(&reg("CN", Some("91110000600037341M"), None)),
            Some(Code::InvalidUscc)
        );
        assert_eq!(
            code(&reg("CN", None, Some("213800KUD8LAJWSQ9D15"))),
            Some(Code::InvalidParticipant)
        );
        assert_eq!(
            code(&reg("HK", Some("91110000600037341L"), None)),
            Some(Code::InvalidParticipant)
        );
        assert_eq!(
            code(&reg("JP", None, Some("213800KUD8LAJWSQ9D16"))),
            Some(Code::InvalidLei)
        );
        assert_eq!(code(&reg("XX", None, None)), Some(Code::InvalidRegion));
        let mut r = reg("CN", Some("91110000600037341L"), None);
        r.roles = vec![];
        assert_eq!(code(&r), Some(Code::InvalidParticipant));
        r.roles = vec![MerchantRole::ServiceProvider];
        assert_eq!(code(&r), Some(Code::InvalidParticipant));
        r.service_kinds = vec![ServiceKind::LawFirm];
        assert_eq!(code(&r), None);
        r.name_zh = " ".into();
        assert_eq!(code(&r), Some(Code::InvalidParticipant));
        let hk = parse_registration(&reg("hk", None, Some("213800KUD8LAJWSQ9D15"))).unwrap();
        assert_eq!(hk.region.as_str(), "HK");
        assert_eq!(hk.name_en, "测试");
    }

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let id = ParticipantId::new();
        let c = encode_cursor(&id.to_string());
        assert_eq!(
            decode_cursor(Some(&c), |s| ParticipantId::parse(s).ok()).unwrap(),
            Some(id)
        );
        assert_eq!(
            decode_cursor(None, |s| ParticipantId::parse(s).ok()).unwrap(),
            None
        );
        let bad = decode_cursor(Some("!!"), |s| ParticipantId::parse(s).ok()).unwrap_err();
        assert_eq!(bad.code(), Code::BadCursor);
    }
}
