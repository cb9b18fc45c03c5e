//! The set of people seen so far: an open-addressing hash table of one `u64` per slot, holding a
//! person's identifier hash with two flag bits (sensitive, minor) in its low bits, and keeping the
//! three counts current as people are added or flagged.
//!
//! One table with flags, rather than one set per count, means a person costs one slot however
//! many counts they fall in. Memory is the slot array and nothing else: it grows with distinct
//! people, never with rows. The table grows by half when it would pass four-fifths full, so after
//! a growth it is at least 53% full and a person costs between 10 and 15 bytes (8 / 0.8 to
//! 8 / 0.533; 13.8 measured at 30 million). For 50 million people the array is 500 to 750 MB, and
//! while it grows the old array (two thirds the size of the new one) is held alongside it.
//!
//! Two bits of the 64-bit hash make room for the flags, so people are told apart by 62 bits. Among
//! n distinct people the expected number of colliding pairs is n²/2⁶³: for n = 50 million, about
//! 2.7 × 10⁻⁴, i.e. about one chance in 3,700 that such a count is one too low (all 64 bits would
//! give 6.8 × 10⁻⁵; the flags are worth the difference because they avoid a second and third
//! table). At 1 million people the chance is about 1 in 9 million.
//!
//! Slots are found by linear probing from `hash × capacity / 2⁶⁴` (the top bits of the hash, so any
//! capacity works, not only powers of two). An empty slot is zero; the one key that would read as
//! zero is moved to a neighbouring key, which adds a collision chance of 2⁻⁶² per person.

use super::PeopleCounts;

/// Flag bit: the person has sensitive personal information in some row.
pub(super) const SENSITIVE: u64 = 1;
/// Flag bit: the person is under 14 in some row.
pub(super) const MINOR: u64 = 2;
const FLAGS: u64 = SENSITIVE | MINOR;

/// Capacity of the first allocation; nothing is allocated until the first person.
const MIN_CAPACITY: usize = 16;

/// The distinct people seen, with their flags.
#[derive(Debug, Clone, Default)]
pub(super) struct PersonSet {
    slots: Vec<u64>,
    counts: PeopleCounts,
}

impl PersonSet {
    /// Adds the person with identifier hash `hash`, or finds them, and sets `flags` on them.
    pub(super) fn insert(&mut self, hash: u64, flags: u64) {
        self.insert_probing(hash, flags);
    }

    /// [`PersonSet::insert`], returning how many slots it looked at.
    fn insert_probing(&mut self, hash: u64, flags: u64) -> usize {
        let key = match hash & !FLAGS {
            0 => FLAGS + 1,
            key => key,
        };
        if self.counts.individuals >= max_len(self.slots.len()) {
            self.grow();
        }
        let capacity = self.slots.len();
        let mut i = home(key, capacity);
        let mut probes = 1;
        loop {
            let slot = &mut self.slots[i];
            if *slot == 0 {
                *slot = key | flags;
                self.counts.individuals += 1;
                self.count_flags(flags);
                return probes;
            }
            if *slot & !FLAGS == key {
                let added = flags & !*slot;
                *slot |= flags;
                self.count_flags(added);
                return probes;
            }
            i = if i + 1 == capacity { 0 } else { i + 1 };
            probes += 1;
        }
    }

    /// Adds every person of `other`, keeping the union of their flags.
    pub(super) fn merge(&mut self, other: PersonSet) {
        self.merge_probing(other);
    }

    /// [`PersonSet::merge`], returning how many slots the insertions looked at.
    fn merge_probing(&mut self, other: PersonSet) -> usize {
        let (mut into, from) = if other.counts.individuals > self.counts.individuals {
            (other, std::mem::take(self))
        } else {
            (std::mem::take(self), other)
        };
        // Room for both first. Slots are ordered by hash, so `from` arrives as a sweep from low
        // hashes to high; growing midway would leave the rest of the sweep to crowd into one end
        // of the table, where probe runs grow without bound. Sized up front, every region of the
        // table ends no fuller than the whole.
        into.reserve(into.counts.individuals + from.counts.individuals);
        let mut probes = 0;
        for entry in from.slots.into_iter().filter(|&e| e != 0) {
            probes += into.insert_probing(entry & !FLAGS, entry & FLAGS);
        }
        *self = into;
        probes
    }

    /// Grows the table, once, so that it holds `people` without growing again.
    fn reserve(&mut self, people: u64) {
        let mut capacity = self.slots.len().max(MIN_CAPACITY);
        while max_len(capacity) < people {
            capacity += capacity / 2;
        }
        if capacity > self.slots.len() {
            self.rebuild(capacity);
        }
    }

    pub(super) fn counts(&self) -> PeopleCounts {
        self.counts
    }

    /// Every entry (identifier hash with its flags), in ascending order of hash.
    pub(super) fn sorted_entries(&self) -> Vec<u64> {
        let mut entries: Vec<u64> = self.slots.iter().copied().filter(|&e| e != 0).collect();
        entries.sort_unstable_by_key(|e| e & !FLAGS);
        entries
    }

    /// Bytes held by the slot array.
    pub(super) fn bytes_used(&self) -> usize {
        self.slots.len() * size_of::<u64>()
    }

    fn count_flags(&mut self, added: u64) {
        self.counts.sensitive_individuals += added & SENSITIVE;
        self.counts.minors_under_14 += (added & MINOR) >> 1;
    }

    /// Moves every entry into an array half as large again.
    fn grow(&mut self) {
        self.rebuild((self.slots.len() + self.slots.len() / 2).max(MIN_CAPACITY));
    }

    /// Moves every entry into an array of `capacity` slots.
    fn rebuild(&mut self, capacity: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; capacity]);
        for entry in old.into_iter().filter(|&e| e != 0) {
            let mut i = home(entry & !FLAGS, capacity);
            while self.slots[i] != 0 {
                i = if i + 1 == capacity { 0 } else { i + 1 };
            }
            self.slots[i] = entry;
        }
    }
}

/// The number of people a table of `capacity` slots may hold: four-fifths of it, beyond which
/// linear probing's runs grow quickly (an absent key scans about 13 slots on average at 0.8).
fn max_len(capacity: usize) -> u64 {
    (capacity as u64) * 4 / 5
}

/// The slot a key's probe starts at: the key's position scaled from 2⁶⁴ down to `capacity`.
fn home(key: u64, capacity: usize) -> usize {
    ((u128::from(key) * capacity as u128) >> 64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(individuals: u64, sensitive: u64, minors: u64) -> PeopleCounts {
        PeopleCounts {
            individuals,
            sensitive_individuals: sensitive,
            minors_under_14: minors,
        }
    }

    #[test]
    fn flags_accumulate_and_count_once() {
        let mut set = PersonSet::default();
        assert_eq!(set.bytes_used(), 0);
        set.insert(0xdead_beef_0000_0000, 0);
        set.insert(0xdead_beef_0000_0000, SENSITIVE);
        set.insert(0xdead_beef_0000_0000, SENSITIVE | MINOR);
        set.insert(0xdead_beef_0000_0000, SENSITIVE | MINOR);
        set.insert(0x1234_5678_0000_0000, MINOR | SENSITIVE);
        assert_eq!(set.counts(), counts(2, 2, 2));
    }

    #[test]
    fn hashes_differing_only_in_flag_bits_are_one_person() {
        // The flag bits are not part of the key, so these are one person (a documented 2⁻⁶²
        // collision chance); zero is stored as a non-zero key and still found again.
        let mut set = PersonSet::default();
        for hash in [0, 1, 2, 3] {
            set.insert(hash, 0);
        }
        set.insert(0x10, 0);
        assert_eq!(set.counts(), counts(2, 0, 0));
    }

    #[test]
    fn growth_keeps_every_entry_and_the_load_bounded() {
        let mut set = PersonSet::default();
        let n = 100_000u64;
        for i in 0..n {
            // A multiplicative spread of i, standing in for a hash.
            set.insert(
                i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                if i % 3 == 0 { SENSITIVE } else { 0 },
            );
        }
        for i in 0..n {
            set.insert(i.wrapping_mul(0x9e37_79b9_7f4a_7c15), 0);
        }
        assert_eq!(set.counts(), counts(n, n.div_ceil(3), 0));
        let per_person = set.bytes_used() as f64 / n as f64;
        assert!(
            (10.0..=15.1).contains(&per_person),
            "{per_person} bytes per person"
        );
    }

    #[test]
    fn merging_two_large_sets_stays_linear() {
        // Two halves of a million people: a merge that grew midway would crowd the rest of the
        // sweep into one end of the table, with probe runs thousands of slots long; sized up
        // front, probes stay as short as in any table this full.
        let mut a = PersonSet::default();
        let mut b = PersonSet::default();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..1_000_000u64 {
            x = x
                .wrapping_mul(0x5851_f42d_4c95_7f2d)
                .wrapping_add(1442695040888963407);
            let hash = x ^ (x >> 29);
            if i % 2 == 0 {
                a.insert(hash, 0)
            } else {
                b.insert(hash, SENSITIVE)
            }
        }
        let probes = a.merge_probing(b);
        assert_eq!(a.counts(), counts(1_000_000, 500_000, 0));
        assert!(a.bytes_used() <= 1_000_000 * 16);
        // Linear probing at four-fifths full looks at about 3 slots per insertion on average.
        let per_insert = probes / 500_000;
        assert!(
            per_insert < 10,
            "{per_insert} slots looked at per insertion"
        );
    }

    #[test]
    fn merge_is_a_union_of_people_and_flags() {
        let mut a = PersonSet::default();
        let mut b = PersonSet::default();
        a.insert(1 << 40, 0);
        a.insert(2 << 40, SENSITIVE);
        b.insert(1 << 40, SENSITIVE | MINOR);
        b.insert(3 << 40, 0);
        b.insert(4 << 40, 0);
        a.merge(b);
        assert_eq!(a.counts(), counts(4, 2, 1));
    }
}
