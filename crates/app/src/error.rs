//! The one table of user-facing failures. Every error a use case returns carries a stable
//! `Code`; the server maps each code to one HTTP status and a problem type, and shows the
//! messages below in Chinese or English. Clients may switch on codes forever: never rename one.

use std::fmt;

macro_rules! codes {
    ($($variant:ident = $code:literal, $zh:literal, $en:literal;)+) => {
        /// A stable error code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($variant),+ }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable spelling, e.g. `asset.not_found`.
            pub fn as_str(&self) -> &'static str {
                match self { $(Code::$variant => $code),+ }
            }

            /// A short sentence in Simplified Chinese.
            pub fn title_zh(&self) -> &'static str {
                match self { $(Code::$variant => $zh),+ }
            }

            /// A short sentence in English.
            pub fn title_en(&self) -> &'static str {
                match self { $(Code::$variant => $en),+ }
            }
        }
    };
}

codes! {
    BadRequest = "request.invalid", "请求格式不正确。", "The request is malformed.";
    BadCursor = "request.invalid_cursor", "分页游标无效。", "The pagination cursor is not valid.";
    NotFound = "request.not_found", "请求的资源不存在。", "The requested resource does not exist.";
    Unauthenticated = "auth.unauthenticated", "需要登录或提供有效的访问令牌。", "Sign in or provide a valid access token.";
    InvalidCredentials = "auth.invalid_credentials", "用户名或密码错误。", "The username or password is wrong.";
    TokenExpired = "auth.token_expired", "访问令牌已过期。", "The access token has expired.";
    TokenRevoked = "auth.token_revoked", "访问令牌已被撤销。", "The access token has been revoked.";
    SessionExpired = "auth.session_expired", "会话已过期，请重新登录。", "The session has expired; sign in again.";
    Csrf = "auth.csrf", "表单校验令牌缺失或无效，请刷新页面后重试。", "The form's CSRF token is missing or wrong; reload the page and try again.";
    Forbidden = "auth.forbidden", "您的角色无权执行此操作。", "Your role does not allow this operation.";
    Throttled = "auth.throttled", "登录失败次数过多，请稍后再试。", "Too many failed sign-ins; try again later.";
    ParticipantNotFound = "participant.not_found", "参与方不存在。", "The participant does not exist.";
    DuplicateParticipant = "participant.duplicate", "该机构已经注册。", "This organisation is already registered.";
    InvalidUscc = "participant.invalid_uscc", "统一社会信用代码无效。", "The unified social credit code is not valid.";
    InvalidLei = "participant.invalid_lei", "LEI 编码无效。", "The LEI is not valid.";
    InvalidRegion = "participant.invalid_region", "国家或地区代码无效。", "The country or region code is not valid.";
    InvalidParticipant = "participant.invalid", "注册信息不完整或有误。", "The registration details are incomplete or wrong.";
    NotVerified = "participant.not_verified", "参与方尚未通过审核或已被暂停。", "The participant is not verified or is suspended.";
    MissingRole = "participant.missing_role", "参与方不具备此操作所需的角色。", "The participant does not hold the role this needs.";
    InvalidTransition = "participant.invalid_transition", "参与方当前状态不允许此操作。", "The participant's current status does not allow this.";
    UsernameTaken = "user.username_taken", "用户名已被占用。", "The username is taken.";
    InvalidUser = "user.invalid", "用户名或密码不符合要求。", "The username or password does not meet the requirements.";
    TokenNotFound = "token.not_found", "访问令牌不存在。", "The access token does not exist.";
    AssetNotFound = "asset.not_found", "数据资产不存在。", "The data asset does not exist.";
    InvalidAssetMetadata = "asset.invalid_metadata", "数据资产信息不完整或有误。", "The data asset's details are incomplete or wrong.";
    MissingFile = "asset.missing_file", "请求中没有名为 file 的文件。", "The request has no part named file.";
    TooLarge = "asset.too_large", "文件超过了允许的大小。", "The file exceeds the size limit.";
    EmptyFile = "asset.empty", "文件是空的。", "The file is empty.";
    UnrecognizedFormat = "asset.unrecognized_format", "无法识别文件格式：支持 CSV、Parquet 和 JSON Lines（可 gzip 压缩）。", "The file format is not recognised: CSV, Parquet and JSON Lines (optionally gzip) are supported.";
    BadEncoding = "asset.bad_encoding", "文件编码无效：支持 UTF-8 和 GB18030/GBK。", "The file's text encoding is not valid: UTF-8 and GB18030/GBK are supported.";
    Malformed = "asset.malformed", "文件内容格式错误。", "The file's content is malformed.";
    Truncated = "asset.truncated", "文件不完整（可能被截断）。", "The file is incomplete (it may be truncated).";
    UnsupportedData = "asset.unsupported", "文件使用了不支持的特性。", "The file uses a feature that is not supported.";
    IdempotencyKeyReused = "idempotency.key_reused", "该幂等键已用于另一个请求。", "This idempotency key was used for a different request.";
    IdempotencyInProgress = "idempotency.in_progress", "使用该幂等键的请求仍在处理中。", "A request with this idempotency key is still being processed.";
    InvalidIdempotencyKey = "idempotency.invalid_key", "幂等键无效：应为 1 到 255 个可见 ASCII 字符。", "The idempotency key is not valid: use 1 to 255 visible ASCII characters.";
    EventNotFound = "event.not_found", "事件不存在。", "The event does not exist.";
    LogPending = "log.pending", "该事件尚未写入存证日志，请稍后重试。", "The event is not in the log yet; retry shortly.";
    LogEmpty = "log.empty", "日志尚未签发检查点。", "The log has not signed a checkpoint yet.";
    LogRange = "log.invalid_range", "日志索引或树大小超出范围。", "The log index or tree size is out of range.";
    LogTileNotFound = "log.tile_not_found", "日志中没有该瓦片。", "The log has no such tile.";
    LogTileCorrupt = "log.tile_corrupt", "存证日志文件校验失败，已拒绝提供；运营方已收到告警。", "A log file failed its integrity check and was not served; the operator has been alerted.";
    XborderInvalidRequest = "xborder.invalid_request", "出境请求无效。", "The transfer request is not valid.";
    XborderInvalidRules = "xborder.invalid_rules", "出境规则文件无效，现行规则保持不变。", "A cross-border rules file is not valid; the rules in force are unchanged.";
    XborderInvalidApproval = "xborder.invalid_approval", "出境审批记录信息有误。", "The approval's details are incomplete or wrong.";
    XborderNotAllowed = "xborder.not_allowed", "该出境传输今日不得进行。", "The transfer abroad may not proceed today.";
    RightsInvalid = "rights.invalid", "权利登记或授权信息不完整或有误。", "The rights registration or licence details are incomplete or wrong.";
    RightsNotRegistered = "rights.unknown_asset", "该数据资产尚未进行权利登记。", "The data asset's rights are not registered.";
    RightsAlreadyRegistered = "rights.already_registered", "该数据资产的权利已经登记。", "The data asset's rights are already registered.";
    GrantNotFound = "rights.unknown_grant", "权利授予记录不存在。", "The grant does not exist.";
    RightNotHeld = "rights.not_held", "您未持有此项有效权利，不能进行该操作。", "You do not hold an active right that allows this.";
    GrantInactive = "rights.inactive_grant", "该授权已被撤销、转让或中止。", "The grant is revoked, transferred or suspended.";
    NotSublicensable = "rights.not_sublicensable", "该授权不可再许可。", "The grant may not be licensed onwards.";
    OutsideParent = "rights.outside_parent", "许可超出了上级授权的范围或期限。", "The licence reaches beyond its parent grant's scope or term.";
    ExclusiveOverlap = "rights.exclusive_overlap", "与已有的独占许可重叠。", "It overlaps an exclusive licence of the same right.";
    RightsFrozen = "rights.frozen", "该数据资产存在未处理的异议，挂牌与交易已冻结。", "An open objection freezes listing and trading of this data asset.";
    NoObjection = "rights.no_objection", "该数据资产没有待处理的异议。", "The data asset has no open objection.";
    PublicNotOpen = "rights.public_not_open", "不予开放的公共数据不能授权。", "Public data that is not open cannot be granted.";
    NeedsAuthorisedOperation = "rights.needs_authorised_operation", "使用公共数据开发产品须取得数据持有方的授权运营许可。", "Products of public data need an authorised-operation grant from its holder.";
    UpstreamForbidsProducts = "rights.upstream_forbids_products", "上游授权不允许将衍生数据作为产品经营。", "An upstream grant does not permit products of the derived data.";
    LineageCycle = "rights.lineage_cycle", "数据血缘将形成循环。", "The lineage would form a cycle.";
    OutsideScope = "rights.outside_scope", "没有授权覆盖该用途或地域。", "No grant covers this purpose or territory.";
    AlreadyRevoked = "rights.already_revoked", "该授权或登记已被撤销。", "The grant or registration is already revoked.";
    BadTerm = "rights.bad_term", "期限为空或起止颠倒。", "The term is empty or inverted.";
    MissingEvidence = "rights.missing_evidence", "来源声明须附证明材料。", "The source declaration needs its evidence.";
    InvalidDocument = "document.invalid", "文件应为 PDF、PNG 或 JPEG，并注明其媒体类型。", "The document must be a PDF, PNG or JPEG file sent with its media type.";
    LifecycleTransition = "asset.invalid_transition", "数据资产当前状态不允许此操作。", "The data asset's current state does not allow this.";
    InvalidAccounting = "asset.invalid_accounting", "会计处理或成本信息有误。", "The accounting treatment or cost entry is wrong.";
    AssetDestroyed = "asset.destroyed", "该数据资产已销毁，其数据文件不再提供。", "The data asset was destroyed; its files are no longer available.";
    CertificateNotFound = "certificate.not_found", "证书不存在。", "The certificate does not exist.";
    Unavailable = "service.unavailable", "服务暂时不可用。", "The service is temporarily unavailable.";
    Internal = "internal", "服务器内部错误，已记录。", "Internal server error; it has been logged.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed use case: a stable code, optional details in both languages, and for internal
/// errors the cause (logged, never shown).
#[derive(Debug)]
pub struct Error {
    code: Code,
    detail_en: Option<String>,
    detail_zh: Option<String>,
    retry_after_secs: Option<u64>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: Code) -> Error {
        Error {
            code,
            detail_en: None,
            detail_zh: None,
            retry_after_secs: None,
            source: None,
        }
    }

    /// Adds a detail sentence in both languages. Details never contain secrets or data values.
    pub fn detail(mut self, en: impl Into<String>, zh: impl Into<String>) -> Error {
        self.detail_en = Some(en.into());
        self.detail_zh = Some(zh.into());
        self
    }

    pub fn retry_after(mut self, secs: u64) -> Error {
        self.retry_after_secs = Some(secs);
        self
    }

    /// An internal error with its cause, which is logged but not shown to the client.
    pub fn internal(source: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error {
            source: Some(Box::new(source)),
            ..Error::new(Code::Internal)
        }
    }

    pub fn code(&self) -> Code {
        self.code
    }

    pub fn detail_en(&self) -> Option<&str> {
        self.detail_en.as_deref()
    }

    pub fn detail_zh(&self) -> Option<&str> {
        self.detail_zh.as_deref()
    }

    pub fn retry_after_secs(&self) -> Option<u64> {
        self.retry_after_secs
    }

    /// The cause chain of an internal error, for the log.
    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.detail_en {
            Some(d) => write!(f, "{} ({}): {d}", self.code.title_en(), self.code),
            None => write!(f, "{} ({})", self.code.title_en(), self.code),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<store::Error> for Error {
    fn from(e: store::Error) -> Error {
        Error::internal(e)
    }
}

impl From<tabular::Error> for Error {
    fn from(e: tabular::Error) -> Error {
        let code = match e.code() {
            "data.empty" => Code::EmptyFile,
            "data.unrecognized_format" => Code::UnrecognizedFormat,
            "data.bad_encoding" => Code::BadEncoding,
            "data.malformed" => Code::Malformed,
            "data.truncated" => Code::Truncated,
            "data.unsupported" => Code::UnsupportedData,
            _ => return Error::internal(e),
        };
        Error::new(code).detail(e.to_string(), e.message_zh())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '_')
            );
            assert!(!c.title_zh().is_empty() && !c.title_en().is_empty());
            assert!(
                c.title_zh().chars().any(|ch| ch > '\u{2e80}'),
                "{c} needs Chinese"
            );
        }
    }
}
