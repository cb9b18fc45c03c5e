//! Data assets: the list, the upload form with its progress bar, and an asset's page with its
//! schema, row count, hashes and versions.

use app::{Code, Error};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use maud::{Markup, html};
use types::{AssetId, MerchantRole, ParticipantStatus};

use super::layout::{local_time, size};
use super::{Ctx, Lang, Page, PageResult, field, form_fields, see_other};
use crate::AppState;
use crate::api::views::VersionView;

#[derive(serde::Deserialize)]
pub(crate) struct ListQuery {
    cursor: Option<String>,
}

fn source_label(l: Lang, s: types::SourceKind) -> &'static str {
    use types::SourceKind::*;
    match s {
        SelfCollected => l.t("自行采集", "Self-collected"),
        Purchased => l.t("合同采购", "Purchased under contract"),
        AuthorisedPublicData => l.t("授权公共数据", "Authorised public data"),
        PersonalInfoWithConsent => l.t("经同意的个人信息", "Personal information with consent"),
    }
}

fn frequency_label(l: Lang, f: types::UpdateFrequency) -> &'static str {
    use types::UpdateFrequency::*;
    match f {
        Once => l.t("一次性", "Once"),
        RealTime => l.t("实时", "Real time"),
        Daily => l.t("每日", "Daily"),
        Weekly => l.t("每周", "Weekly"),
        Monthly => l.t("每月", "Monthly"),
        Quarterly => l.t("每季度", "Quarterly"),
        Yearly => l.t("每年", "Yearly"),
        Irregular => l.t("不定期", "Irregular"),
    }
}

fn state_badge(l: Lang, s: types::VersionState) -> Markup {
    use types::VersionState::*;
    let (class, zh, en) = match s {
        Processing => ("pending", "读取中", "processing"),
        Ready => ("verified", "就绪", "ready"),
        Failed => ("suspended", "失败", "failed"),
    };
    html! { span class={"badge " (class)} { (l.t(zh, en)) } }
}

fn level_badge(l: Lang, level: &str, grade: Option<u8>) -> Markup {
    let (class, text) = match level {
        "core" => ("suspended", l.t("核心数据", "Core data").to_owned()),
        "important" => ("pending", l.t("重要数据", "Important data").to_owned()),
        _ => (
            "verified",
            match l {
                Lang::Zh => format!("一般数据 · {} 级", grade.unwrap_or(1)),
                Lang::En => format!("General data · grade {}", grade.unwrap_or(1)),
            },
        ),
    };
    html! { span class={"badge " (class)} { (text) } }
}

fn may_upload(ctx: &Ctx) -> bool {
    ctx.principal().is_some_and(|p| {
        p.participant().has_role(MerchantRole::Provider)
            && p.participant().status == ParticipantStatus::Verified
    })
}

pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    let l = ctx.lang;
    let page = state
        .app
        .assets(p, q.cursor.as_deref(), Some(50))
        .await
        .map_err(|e| ctx.error(e))?;
    let body = html! {
        @if may_upload(&ctx) {
            p { a.button href="/assets/new" { (l.t("上传数据集", "Upload a dataset")) } }
        }
        div.table-wrap { table {
            thead { tr {
                th { (l.t("名称", "Title")) } th { (l.t("行业", "Sector")) } th { (l.t("来源", "Source")) }
                th { (l.t("版本", "Version")) } th { (l.t("更新", "Updated")) }
            } }
            tbody {
                @for a in &page.items {
                    tr {
                        td { a href={"/assets/" (a.id)} { (l.pick_opt(Some(&a.title), a.title_en.as_deref()).unwrap_or(&a.title)) } }
                        td { (a.sector) }
                        td { (source_label(l, a.source_kind)) }
                        td { "v" (a.latest_version) }
                        td { (local_time(&a.updated_at)) }
                    }
                }
                @if page.items.is_empty() { tr { td colspan="5" .muted { (l.t("还没有数据资产。", "No data assets yet.")) } } }
            }
        } }
        @if let Some(c) = &page.next_cursor {
            div.pager { a href={"/assets?cursor=" (c)} { (l.t("下一页 →", "Next page →")) } }
        }
    };
    Ok(Page::new(&ctx, l.t("数据资产", "Data assets"), body).into_response())
}

/// The upload form; `target` is the API endpoint it posts to.
fn upload_form(ctx: &Ctx, target: &str, with_metadata: bool) -> Markup {
    let l = ctx.lang;
    let csrf = ctx
        .auth
        .as_ref()
        .map(|(_, s)| s.csrf_token.clone())
        .unwrap_or_default();
    html! {
        form.stack method="post" enctype="multipart/form-data"
            data-upload=(target) data-csrf=(csrf)
            data-msg-uploading=(l.t("正在上传", "Uploading"))
            data-msg-processing=(l.t("上传完成，正在解析并转换为 Parquet……", "Uploaded; reading and converting to Parquet…"))
            data-msg-network=(l.t("网络错误，上传未完成。", "Network error; the upload did not finish.")) {
            label { (l.t("数据文件", "Data file"))
                span.hint { (l.t("CSV（UTF-8 或 GBK/GB18030）、Parquet、JSON Lines，可 gzip 压缩。", "CSV (UTF-8 or GBK/GB18030), Parquet or JSON Lines, optionally gzip-compressed.")) }
                input type="file" name="file" required;
            }
            @if with_metadata {
                label { (l.t("标题", "Title")) input type="text" name="title" maxlength="200" required; }
                label { (l.t("英文标题", "Title in English")) input type="text" name="title_en" maxlength="200"; }
                label { (l.t("描述", "Description")) textarea name="description" maxlength="5000" {} }
                label { (l.t("英文描述", "Description in English")) textarea name="description_en" maxlength="5000" {} }
                label { (l.t("行业", "Sector")) input type="text" name="sector" maxlength="100" placeholder="logistics / manufacturing / automotive"; }
                label { (l.t("数据来源", "Source"))
                    select name="source_kind" {
                        @for s in types::SourceKind::ALL { option value=(s.as_str()) { (source_label(l, *s)) } }
                    }
                }
                label { (l.t("来源证明", "Source evidence")) span.hint { (l.t("合同编号、授权文件或个人信息同意记录；个人信息必填。", "Contract number, authorisation, or consent record; required for personal information.")) }
                    input type="text" name="source_evidence" maxlength="1000";
                }
                label { (l.t("更新频率", "Update frequency"))
                    select name="update_frequency" {
                        @for f in types::UpdateFrequency::ALL { option value=(f.as_str()) { (frequency_label(l, *f)) } }
                    }
                }
            }
            progress max="1" value="0" hidden {}
            div data-status {}
            div.actions { button type="submit" { (l.t("上传", "Upload")) } }
        }
        script src="/static/upload.js" {}
    }
}

pub(crate) async fn new(ctx: Ctx) -> PageResult {
    ctx.require()?;
    let l = ctx.lang;
    if !may_upload(&ctx) {
        return Err(ctx.error(Error::new(Code::NotVerified)));
    }
    let body = html! { div.card { (upload_form(&ctx, "/api/v1/assets", true)) } };
    Ok(Page::new(&ctx, l.t("上传数据集", "Upload a dataset"), body).into_response())
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    let l = ctx.lang;
    let id = AssetId::parse(&id).map_err(|_| ctx.error(Error::new(Code::AssetNotFound)))?;
    let d = state.app.asset(p, &id).await.map_err(|e| ctx.error(e))?;
    let a = &d.asset;
    let versions: Vec<VersionView> = d.versions.iter().map(VersionView::from).collect();
    let latest = versions.first();
    // The schema and row count shown are those of the newest version that has been read.
    let ready = versions.iter().find(|v| v.state == "ready");
    let processing = versions.iter().any(|v| v.state == "processing");
    let report = d
        .versions
        .iter()
        .find(|v| v.state == types::VersionState::Ready)
        .and_then(|v| d.scan_of(&v.id));
    let kind_of = |column: &str| report.and_then(|r| r.columns.iter().find(|c| c.name == column));
    let own = a.participant_id == p.participant().id;
    let may_declare = (own && may_upload(&ctx)) || p.is_operator_reviewer();
    let csrf = ctx
        .auth
        .as_ref()
        .map(|(_, s)| s.csrf_token.clone())
        .unwrap_or_default();
    let title = l
        .pick_opt(Some(&a.title), a.title_en.as_deref())
        .unwrap_or(&a.title)
        .to_owned();
    let body = html! {
        @if processing {
            div.alert.ok { (l.t("文件已接收并存储，正在完整读取并转换为 Parquet，本页会自动刷新。", "The file is received and stored; it is being read in full and converted to Parquet. This page refreshes by itself.")) }
        }
        @if let Some(v) = latest.filter(|v| v.state == "failed") {
            div.alert.error {
                strong { (l.t("最新版本无法读取：", "The newest version could not be read: ")) }
                @if let Some(e) = &v.error { (l.pick_opt(e.detail_zh.as_deref(), e.detail_en.as_deref()).unwrap_or(&e.code)) " " span.mono { "(" (e.code) ")" } }
            }
        }
        div.card { dl.kv {
            dt { (l.t("资产编号", "Asset id")) } dd.mono { (a.id) }
            dt { (l.t("描述", "Description")) } dd { (l.pick_opt(Some(&a.description), a.description_en.as_deref()).unwrap_or_default()) }
            dt { (l.t("行业", "Sector")) } dd { (a.sector) }
            dt { (l.t("数据来源", "Source")) } dd { (source_label(l, a.source_kind)) @if let Some(e) = &a.source_evidence { " · " span.muted { (e) } } }
            dt { (l.t("更新频率", "Update frequency")) } dd { (frequency_label(l, a.update_frequency)) }
            dt { (l.t("所有者", "Owner")) } dd.mono { a href={"/participants/" (a.participant_id)} { (a.participant_id) } }
            dt { (l.t("权利登记", "Rights")) } dd {
                a href={"/assets/" (a.id) "/rights"} { (l.t("权利、授权与血缘", "Rights, grants and lineage")) }
                @if a.lifecycle != "unregistered" { " · " a href={"/assets/" (a.id) "/certificate"} { (l.t("登记凭证", "Certificate")) } }
            }
            @if let Some(v) = ready {
                dt { (l.t("行数", "Rows")) } dd { strong { (v.row_count.unwrap_or_default()) } " (v" (v.version) ")" }
                dt { (l.t("格式", "Format")) } dd { (v.format) @if v.compression != "none" { " + " (v.compression) } @if let Some(e) = &v.encoding { " · " (e) } @if let Some(d) = &v.delimiter { " · " (l.t("分隔符", "delimiter")) " " code { (d.replace('\t', "\\t")) } } }
                dt { "SHA-256" } dd.mono { (v.sha256) }
                dt { (l.t("Parquet 副本 SHA-256", "Parquet copy SHA-256")) } dd.mono { (v.parquet_sha256.as_deref().unwrap_or_default()) }
            }
        } }
        @if let Some(r) = report {
            h2 { (l.t("分类分级", "Classification and grading")) }
            div.card {
                dl.kv {
                    dt { (l.t("级别", "Level")) } dd { (level_badge(l, &r.level, r.general_grade)) }
                    dt { (l.t("自然人", "Individuals")) } dd { strong { (r.individuals) } }
                    dt { (l.t("敏感个人信息主体", "With sensitive PI")) } dd { (r.sensitive_individuals) }
                    dt { (l.t("不满十四周岁", "Under 14")) } dd { (r.minors_under_14) }
                }
                h2 { (l.t("依据", "Grounds")) }
                ul { @for reason in &r.reasons {
                    li { (l.pick(&reason.detail_zh, &reason.detail)) br; span.muted { (reason.basis) } " " span.mono.muted { "[" (reason.rule) "]" } }
                } }
                @if !r.catalogs.is_empty() {
                    p.muted { (l.t("规则目录：", "Rule catalogues: ")) span.mono { (r.catalogs.join(", ")) } }
                }
            }
        }
        @if may_declare {
            h2 { (l.t("申报重要数据或核心数据", "Declare important or core status")) }
            div.card {
                p.muted { (l.t("主管部门通知或公布为重要数据、核心数据的，由提供方或运营方在此申报并注明依据；分级不会低于申报级别。",
                              "When an authority has notified or published this data as important or core, its provider or the operator declares it here with the notice; grading never goes below it.")) }
                @if let Some(level) = &a.declared_level {
                    p { (l.t("当前申报：", "Declared: ")) strong { (level) } " · " (a.declared_basis.as_deref().unwrap_or_default()) }
                }
                form.stack method="post" action={"/assets/" (a.id) "/declaration"} {
                    input type="hidden" name="csrf" value=(csrf);
                    label { (l.t("级别", "Level"))
                        select name="level" {
                            option value="important" { (l.t("重要数据", "Important data")) }
                            option value="core" { (l.t("核心数据", "Core data")) }
                            option value="" { (l.t("撤回申报", "Withdraw the declaration")) }
                        }
                    }
                    label { (l.t("依据（通知或目录）", "Basis (notice or catalogue entry)")) input type="text" name="basis" maxlength="500"; }
                    div.actions { button type="submit" { (l.t("提交申报", "Declare")) } }
                }
            }
        }
        @if let Some(v) = ready {
            h2 { (l.t("字段结构", "Schema")) " (v" (v.version) ")" }
            div.table-wrap { table {
                thead { tr { th { "#" } th { (l.t("字段名", "Column")) } th { (l.t("类型", "Type")) } th { (l.t("可空", "Nullable")) } th { (l.t("个人信息", "Personal information")) } } }
                tbody { @for (i, c) in v.columns.iter().enumerate() {
                    tr {
                        td { (i + 1) } td { (c.name) } td.mono { (c.data_type) } td { (if c.nullable { l.t("是", "yes") } else { l.t("否", "no") }) }
                        td { @if let Some(k) = kind_of(&c.name).filter(|k| k.pi) {
                            span.mono { (k.kind) } " "
                            @if k.sensitive { span.badge.suspended { (l.t("敏感", "sensitive")) } }
                        } }
                    }
                } }
            } }
        }
        h2 { (l.t("版本", "Versions")) }
        div.table-wrap { table {
            thead { tr { th { (l.t("版本", "Version")) } th { (l.t("文件", "File")) } th { (l.t("大小", "Size")) } th { (l.t("状态", "State")) } th { (l.t("行数", "Rows")) } th { "SHA-256" } th { (l.t("上传时间", "Uploaded")) } } }
            tbody { @for (v, raw) in versions.iter().zip(&d.versions) {
                tr {
                    td { "v" (v.version) }
                    td { a href={"/api/v1/assets/" (a.id) "/versions/" (v.version) "/file"} { (v.file_name) } }
                    td { (size(v.size_bytes)) }
                    td { (state_badge(l, raw.state)) }
                    td { @if let Some(n) = v.row_count { (n) } @else { "—" } }
                    td.mono { (v.sha256.get(..16).unwrap_or(&v.sha256)) "…" }
                    td { (local_time(&raw.created_at)) }
                }
            } }
        } }
        @if own && may_upload(&ctx) {
            h2 { (l.t("上传新版本", "Upload a new version")) }
            div.card { (upload_form(&ctx, &format!("/api/v1/assets/{}/versions", a.id), false)) }
        }
    };
    let mut page = Page::new(&ctx, &title, body);
    if processing {
        page = page.refresh_every(2);
    }
    Ok(page.into_response())
}

pub(crate) async fn declare(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let id = AssetId::parse(&id).map_err(|_| ctx.error(Error::new(Code::AssetNotFound)))?;
    let level = match field(&f, "level").unwrap_or_default() {
        "" => None,
        l => Some(
            l.parse::<classify::Level>()
                .map_err(|_| ctx.error(Error::new(Code::BadRequest)))?,
        ),
    };
    state
        .app
        .declare_level(p, &id, level, field(&f, "basis").unwrap_or_default())
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/assets/{id}")))
}
