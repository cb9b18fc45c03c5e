//! A set of [`Kind`]s packed into one machine word, so that the per-cell path can say "these
//! validators apply" or "this cell matched these kinds" without allocating.

use serde::{Deserialize, Serialize};

use crate::Kind;

/// A set of kinds; serialised as a list of wire names in [`Kind::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "Vec<Kind>", from = "Vec<Kind>")]
pub struct KindSet(u32);

impl KindSet {
    /// The empty set.
    pub const EMPTY: KindSet = KindSet(0);

    /// A set holding exactly `kind`.
    pub const fn of(kind: Kind) -> Self {
        KindSet(1 << kind.index())
    }

    /// This set with `kind` added.
    pub const fn with(self, kind: Kind) -> Self {
        KindSet(self.0 | 1 << kind.index())
    }

    pub fn insert(&mut self, kind: Kind) {
        self.0 |= 1 << kind.index();
    }

    pub const fn contains(self, kind: Kind) -> bool {
        self.0 & (1 << kind.index()) != 0
    }

    /// Whether the two sets share a kind.
    pub const fn intersects(self, other: KindSet) -> bool {
        self.0 & other.0 != 0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The kinds in [`Kind::ALL`] order; walks set bits only, so a one-kind set costs one step.
    pub fn iter(self) -> impl Iterator<Item = Kind> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            Kind::ALL.get(i).copied()
        })
    }
}

impl FromIterator<Kind> for KindSet {
    fn from_iter<I: IntoIterator<Item = Kind>>(iter: I) -> Self {
        iter.into_iter().fold(KindSet::EMPTY, KindSet::with)
    }
}

impl From<Vec<Kind>> for KindSet {
    fn from(kinds: Vec<Kind>) -> Self {
        kinds.into_iter().collect()
    }
}

impl From<KindSet> for Vec<Kind> {
    fn from(set: KindSet) -> Self {
        set.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_in_kind_order_and_counts() {
        let set = KindSet::of(Kind::BirthDate)
            .with(Kind::CnResidentId)
            .with(Kind::Email);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Kind::CnResidentId, Kind::Email, Kind::BirthDate]
        );
        assert_eq!(set.len(), 3);
        assert!(set.contains(Kind::Email) && !set.contains(Kind::Vin));
        assert!(KindSet::EMPTY.is_empty());
        assert_eq!(
            Kind::ALL.into_iter().collect::<KindSet>().len(),
            Kind::ALL.len()
        );
    }
}
