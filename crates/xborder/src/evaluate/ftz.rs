//! What an exporter's free-trade-zone lists say about a transfer (Prov Art. 6; regulations.md
//! §6). The finding feeds the baseline's FTZ rules; when no list applies, the note says why, so
//! the national route's reason explains that the zone was considered.
//!
//! Where the lists' reach is unclear, the reading that can exempt less is taken:
//!
//! * Lists exclude CIIOs: a CIIO in a zone gets the national table.
//! * A negative list speaks only for the domains it lists ("unlisted domains keep the baseline"):
//!   it exempts data of a listed domain whose categories are all off the list.
//! * A request that names no domain, or no categories, cannot be shown to be off any list, so no
//!   list applies to it.
//! * A request that names no scenario is matched against a negative list's entries of every
//!   scenario (any of them may list the category), but against a general list's `"*"` entries
//!   only (no specific scenario can be shown to cover it).
//! * A general list applies only when it lists every category of the transfer.
//! * When several lists apply, the one asking for the most governs.

use crate::Request;
use crate::rules::{FtzMatch, List, ListKind, Mechanism, Rules};

/// What the zone's lists say, if anything.
#[derive(Debug, Default)]
pub(super) struct Assessment {
    pub finding: Option<Finding>,
    /// Why no list applies, when the exporter is in a zone.
    pub note: Option<String>,
}

#[derive(Debug)]
pub(super) struct Finding {
    pub kind: FtzMatch,
    pub mechanism: Mechanism,
    /// Which list said what, for the reason's detail.
    pub evidence: String,
    /// The citations of the lists that applied.
    pub bases: Vec<String>,
}

pub(super) fn assess(request: &Request, rules: &Rules) -> Assessment {
    let Some(zone) = &request.exporter.ftz else {
        return Assessment::default();
    };
    let national_applies = |why: String| Assessment {
        finding: None,
        note: Some(format!(
            "The exporter is in FTZ {zone}, but {why}; the national table applies."
        )),
    };
    if request.exporter.ciio {
        return national_applies(
            "FTZ lists exclude critical information infrastructure operators (Prov Art. 6)".into(),
        );
    }
    let Some(domain) = request.data.domain.as_deref() else {
        return national_applies(
            "the request names no data domain, so no list can be shown to cover it".into(),
        );
    };
    if request.data.categories.is_empty() {
        return national_applies(
            "the request names no data categories, so none can be shown to be on a list or off it"
                .into(),
        );
    }
    let scenario = request.data.scenario.as_deref();
    let categories = &request.data.categories;

    // The first of the most demanding findings governs; ties keep load order.
    let mut best: Option<(Finding, &List)> = None;
    let mut others: Vec<String> = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    for list in rules.lists_for(zone) {
        let found = match list.kind {
            ListKind::Negative => negative(list, domain, scenario, categories),
            ListKind::General => general(list, domain, scenario, categories),
        };
        match (found, best.take()) {
            (Err(miss), kept) => {
                misses.push(miss);
                best = kept;
            }
            (Ok(found), Some(kept)) if kept.0.mechanism >= found.mechanism => {
                others.push(found.evidence);
                best = Some(kept);
            }
            (Ok(found), kept) => {
                if let Some((replaced, _)) = kept {
                    others.push(replaced.evidence);
                }
                best = Some((found, list));
            }
        }
    }
    let Some((mut finding, list)) = best else {
        return national_applies(format!(
            "no list of the zone covers this transfer ({})",
            misses.join("; ")
        ));
    };
    if let Some(basis) = &list.basis {
        finding.bases.push(basis.clone());
    }
    if !others.is_empty() {
        finding.evidence.push_str(&format!(
            " Other lists of the zone also apply but ask for no more: {}",
            others.join(" ")
        ));
    }
    Assessment {
        finding: Some(finding),
        note: None,
    }
}

/// A negative list: applies when it lists the domain; the transfer is listed when any category
/// is, with the most demanding mechanism among the listed ones.
fn negative(
    list: &List,
    domain: &str,
    scenario: Option<&str>,
    categories: &[String],
) -> Result<Finding, String> {
    let label = format!("{}@{}", list.id, list.version);
    if !list.entries.iter().any(|e| e.domain == domain) {
        return Err(format!(
            "negative list {label} does not list domain {domain:?}"
        ));
    }
    let mut listed: Vec<String> = Vec::new();
    let mut mechanism = Mechanism::None;
    for entry in &list.entries {
        let same_scenario = match (&entry.scenario, scenario) {
            (None, _) | (_, None) => true,
            (Some(listed), Some(asked)) => listed == asked,
        };
        if entry.domain == domain && same_scenario && categories.contains(&entry.category) {
            mechanism = mechanism.max(entry.mechanism);
            listed.push(format!(
                "{:?} (scenario {}) needs {}",
                entry.category,
                entry.scenario.as_deref().unwrap_or("*"),
                entry.mechanism.as_str()
            ));
        }
    }
    let scenario_note = match scenario {
        Some(s) => format!("scenario {s:?}"),
        None => "no scenario named, so entries of every scenario were checked".to_owned(),
    };
    if listed.is_empty() {
        Ok(Finding {
            kind: FtzMatch::NegativeOffList,
            mechanism: Mechanism::None,
            evidence: format!(
                "Negative list {label} covers domain {domain:?} ({scenario_note}) and lists none \
                 of the categories {categories:?}."
            ),
            bases: Vec::new(),
        })
    } else {
        Ok(Finding {
            kind: FtzMatch::NegativeListed,
            mechanism,
            evidence: format!(
                "Negative list {label}, domain {domain:?} ({scenario_note}): {}.",
                listed.join("; ")
            ),
            bases: Vec::new(),
        })
    }
}

/// A general (positive) list: applies only when every category is on it for this domain and
/// scenario; the most demanding mechanism among the matching entries governs.
fn general(
    list: &List,
    domain: &str,
    scenario: Option<&str>,
    categories: &[String],
) -> Result<Finding, String> {
    let label = format!("{}@{}", list.id, list.version);
    let mut mechanism = Mechanism::None;
    let mut matched: Vec<String> = Vec::new();
    for category in categories {
        let best = list
            .entries
            .iter()
            .filter(|e| {
                e.domain == domain
                    && e.category == *category
                    && (e.scenario.is_none() || e.scenario.as_deref() == scenario)
            })
            .map(|e| e.mechanism)
            .max();
        let Some(best) = best else {
            return Err(format!(
                "general list {label} does not list category {category:?} of domain {domain:?} \
                 for scenario {}",
                scenario.unwrap_or("(none named)")
            ));
        };
        mechanism = mechanism.max(best);
        matched.push(format!("{category:?} needs {}", best.as_str()));
    }
    Ok(Finding {
        kind: FtzMatch::GeneralListed,
        mechanism,
        evidence: format!(
            "General list {label}, domain {domain:?}, scenario {}: {}.",
            scenario.unwrap_or("(none named)"),
            matched.join("; ")
        ),
        bases: Vec::new(),
    })
}
