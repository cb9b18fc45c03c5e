//! The rules the gate applies: the national baseline that ships with Dataport, plus the FTZ lists
//! an operator loads. Both are versioned data files with citations; code contributes only the
//! principles that are not in any one row (first match wins, important data is decided on its
//! own, lists exclude CIIOs, doubt takes the stricter route).

mod condition;
mod error;
mod list;
mod national;
mod text;

pub use error::RulesError;

pub(crate) use condition::{Facts, FtzMatch};
pub(crate) use list::{List, ListKind, Mechanism};
pub(crate) use national::{National, RouteRule, RuleOutcome, Validity};

use crate::{Counting, Decision, Outcome};

/// The baseline, embedded so that the gate needs no files at run time.
const NATIONAL: (&str, &str) = ("national.toml", include_str!("../rules/national.toml"));

/// The national baseline plus operator lists.
#[derive(Debug, Clone)]
pub struct Rules {
    national: National,
    lists: Vec<List>,
}

impl Rules {
    /// The national baseline alone.
    ///
    /// # Panics
    ///
    /// Never in a released build: the baseline is compile-time data that this crate's tests load,
    /// so an invalid one fails the test suite before it can ship.
    pub fn baseline() -> Rules {
        let (file, text) = NATIONAL;
        let national = national::parse(file, text)
            .unwrap_or_else(|e| panic!("the built-in baseline is invalid: {e}"));
        Rules {
            national,
            lists: Vec::new(),
        }
    }

    /// Adds an operator list (an FTZ negative list or a Lingang-style general-data list) from its
    /// TOML text; `origin` names it in errors (e.g. the file name). The list is validated in full
    /// first, so on error these rules are unchanged.
    pub fn add_list(&mut self, origin: &str, text: &str) -> Result<(), RulesError> {
        let list = list::parse(origin, text, &self.national.id)?;
        if self.lists.iter().any(|known| known.id == list.id) {
            return Err(RulesError::DuplicateList {
                origin: origin.to_owned(),
                line: list.id_line,
                id: list.id,
            });
        }
        self.lists.push(list);
        Ok(())
    }

    /// The free-trade zones that have a list loaded (an exporter may be recorded under one).
    pub fn zones(&self) -> Vec<String> {
        let mut zones: Vec<String> = self.lists.iter().map(|l| l.ftz.clone()).collect();
        zones.sort();
        zones.dedup();
        zones
    }

    /// `"<id>@<version>"` of the baseline and of every list in load order, to be recorded beside
    /// every decision so that an audit can tell which rules produced it.
    pub fn versions(&self) -> Vec<String> {
        std::iter::once(format!("{}@{}", self.national.id, self.national.version))
            .chain(self.lists.iter().map(|l| format!("{}@{}", l.id, l.version)))
            .collect()
    }

    /// The counting tag under which an executed transfer's individuals go into the exporter's
    /// counters: the tag of the rule that decided the transfer's route (the decision's first
    /// reason). A decision whose first rule is unknown to these rules counts, the stricter
    /// default.
    pub fn counting(&self, decision: &Decision) -> Counting {
        if matches!(
            decision.outcome,
            Outcome::NotCrossBorder | Outcome::Prohibited
        ) {
            return Counting::NotExported;
        }
        decision
            .reasons
            .first()
            .and_then(|reason| self.route_rule(&reason.rule))
            .map_or(Counting::Counted, |rule| rule.counting)
    }

    /// The Chinese description of a baseline rule, validity row or duty, by the id a reason
    /// cites: the decision's details are English, and Chinese pages show this text beside them.
    pub fn description_zh(&self, rule: &str) -> Option<&str> {
        let n = &self.national;
        n.rules
            .iter()
            .chain(std::iter::once(&n.fallback))
            .find(|r| r.id == rule)
            .map(|r| r.description_zh.as_str())
            .or_else(|| {
                n.validity
                    .iter()
                    .find(|v| v.id == rule)
                    .map(|v| v.description_zh.as_str())
            })
            .or_else(|| {
                n.duties
                    .iter()
                    .find(|d| d.id == rule)
                    .map(|d| d.description_zh.as_str())
            })
    }

    pub(crate) fn national(&self) -> &National {
        &self.national
    }

    /// Every loaded list for zone `ftz`, in load order.
    pub(crate) fn lists_for<'a>(&'a self, ftz: &'a str) -> impl Iterator<Item = &'a List> + 'a {
        self.lists.iter().filter(move |l| l.ftz == ftz)
    }

    fn route_rule(&self, id: &str) -> Option<&RouteRule> {
        let n = &self.national;
        n.rules
            .iter()
            .chain(std::iter::once(&n.fallback))
            .find(|r| r.id == id)
    }
}
