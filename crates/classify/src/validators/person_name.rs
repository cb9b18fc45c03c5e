//! Chinese personal names: 2 to 4 Han characters, the first one (or two, for a compound surname
//! such as 欧阳 or 诸葛) being a common surname. A single space or ideographic space may separate
//! surname and given name, as forms often pad two-character names (`王　明`).
//!
//! Value evidence is weak: many ordinary words and brand names start with a surname character
//! (高速公路, 王府井, 张小泉). The check is exposed so that column logic can combine it with a
//! header such as 姓名; without one, a name column is never called
//! ([`Evidence::Contextual`](crate::Evidence::Contextual)). Minority names written with `·` and
//! names in Latin script are not recognised.

mod surnames;

use crate::normalised::{Builder, Normalised};
use crate::text::trim;
use crate::{Kind, Match, Validity};

/// Longest accepted cell in bytes: four supplementary-plane characters and a separator.
const MAX_BYTES: usize = 4 * 4 + 3;

/// Validates a Chinese name; the normalised form drops the separator, if any.
pub fn person_name(cell: &str) -> Validity<'_> {
    let s = trim(cell);
    if s.len() < 6 || s.len() > MAX_BYTES {
        return Validity::NotThisKind;
    }
    let mut chars = ['\0'; 4];
    let mut count = 0;
    let mut separator_at = None;
    for c in s.chars() {
        if matches!(c, ' ' | '\u{3000}') && separator_at.is_none() && count > 0 {
            separator_at = Some(count);
            continue;
        }
        if !is_han(c) || count == chars.len() {
            return Validity::NotThisKind;
        }
        chars[count] = c;
        count += 1;
    }
    let name = &chars[..count];
    let Some(surname_len) = surname_len(name) else {
        return Validity::NotThisKind;
    };
    if separator_at.is_some_and(|at| at != surname_len) {
        return Validity::NotThisKind;
    }
    let normalised = if separator_at.is_some() {
        let mut n = Builder::new();
        name.iter().for_each(|&c| n.push_char(c));
        n.finish()
    } else {
        Normalised::borrowed(s)
    };
    Match::new(Kind::PersonName, normalised).valid()
}

/// The length of the surname at the start of `name`, which needs at least one given-name
/// character after it; compound surnames are tried first so that 欧阳修 reads as 欧阳 + 修.
fn surname_len(name: &[char]) -> Option<usize> {
    if !(2..=4).contains(&name.len()) {
        return None;
    }
    if name.len() >= 3 && surnames::is_compound(name[0], name[1]) {
        return Some(2);
    }
    surnames::is_single(name[0]).then_some(1)
}

/// CJK Unified Ideographs, Extension A, compatibility ideographs and Extensions B–G (rare
/// characters do appear in names).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{3134F}')
}
