//! Choosing which validators could apply to a cell, from one pass over its bytes.
//!
//! The pass counts digits, letters and punctuation by table lookup, stopping at the first
//! non-ASCII byte; the counts, the length and the first bytes then select at most a few kinds. Most cells reach one validator,
//! 18-digit numbers three (resident ID, bank card, USCC), and a cell no kind could match reaches
//! none. The dispatch is deliberately permissive within a shape (the validators decide), but it
//! must never exclude a form a validator accepts; the integration tests check that by running
//! every valid example through the classifier.

use crate::{Kind, KindSet};

/// Byte classes the dispatch distinguishes, as indices into [`Shape::counts`].
const DIGIT: u8 = 0;
const LETTER: u8 = 1;
const DOT: u8 = 2;
const COLON: u8 = 3;
const AT: u8 = 4;
const DASH: u8 = 5;
const SLASH: u8 = 6;
const SPACE: u8 = 7;
const PLUS: u8 = 8;
const OTHER: u8 = 9;
const NON_ASCII: u8 = 10;

/// The class of every byte, so the pass is one table lookup and one increment per byte instead
/// of a chain of comparisons.
const CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'.' => DOT,
            b':' => COLON,
            b'@' => AT,
            b'-' => DASH,
            b'/' => SLASH,
            b' ' => SPACE,
            b'+' => PLUS,
            0x80..=0xFF => NON_ASCII,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// Byte-class counts of a trimmed, non-empty ASCII cell: counts where the dispatch needs them,
/// presence for the rest.
struct Shape {
    digits: usize,
    letters: usize,
    dots: usize,
    dashes: usize,
    spaces: usize,
    colon: bool,
    at: bool,
    slash: bool,
    plus: bool,
    other: bool,
}

impl Shape {
    /// Classifies every byte of an ASCII cell; `None` as soon as a non-ASCII byte appears, since
    /// the non-ASCII dispatch needs only the length and the first bytes, and stopping early keeps
    /// long Chinese text cheap.
    ///
    /// Counters are local variables bumped by comparisons rather than an array indexed by class,
    /// so consecutive bytes of the same class do not wait on each other through memory.
    fn of(b: &[u8]) -> Option<Self> {
        let (mut digits, mut letters, mut dots, mut dashes, mut spaces) = (0, 0, 0, 0, 0);
        let mut seen = 0u16;
        for &c in b {
            let class = CLASS[usize::from(c)];
            if class == NON_ASCII {
                return None;
            }
            seen |= 1 << class;
            digits += usize::from(class == DIGIT);
            letters += usize::from(class == LETTER);
            dots += usize::from(class == DOT);
            dashes += usize::from(class == DASH);
            spaces += usize::from(class == SPACE);
        }
        let has = |class: u8| seen & (1 << class) != 0;
        Some(Shape {
            digits,
            letters,
            dots,
            dashes,
            spaces,
            colon: has(COLON),
            at: has(AT),
            slash: has(SLASH),
            plus: has(PLUS),
            other: has(OTHER),
        })
    }
}

/// The kinds whose validators could accept `cell` (already trimmed and non-empty).
pub(crate) fn candidates(cell: &str) -> KindSet {
    let b = cell.as_bytes();
    let Some(&first) = b.first() else {
        return KindSet::EMPTY;
    };
    let Some(shape) = Shape::of(b) else {
        return non_ascii(b, first);
    };
    if shape.at {
        return KindSet::of(Kind::Email);
    }
    if shape.colon {
        // A date exported with a midnight time has dashes or slashes; an IPv6 address has neither.
        return if shape.dashes > 0 || shape.slash {
            KindSet::of(Kind::BirthDate)
        } else {
            KindSet::of(Kind::Ipv6)
        };
    }
    if shape.other {
        return KindSet::EMPTY;
    }
    if shape.letters == 0 {
        numeric(b, &shape)
    } else {
        alphanumeric(b, &shape, first)
    }
}

/// Cells with Han characters: plates, names, addresses and `YYYY年M月D日` dates.
fn non_ascii(b: &[u8], first: u8) -> KindSet {
    if first.is_ascii_digit() {
        return KindSet::of(Kind::BirthDate);
    }
    if first.is_ascii() {
        return KindSet::EMPTY;
    }
    // A plate is a three-byte province character followed by an ASCII letter, 9 to 12 bytes.
    if b.len() <= 12 && b.get(3).is_some_and(u8::is_ascii_alphabetic) {
        return KindSet::of(Kind::VehiclePlate);
    }
    let mut set = KindSet::EMPTY;
    // Names are at most four characters and a separator (19 bytes with rare characters);
    // addresses at least six characters (18 bytes). The overlap runs both.
    if b.len() <= 19 {
        set.insert(Kind::PersonName);
    }
    if b.len() >= 18 {
        set.insert(Kind::Address);
    }
    set
}

/// Digits with optional `+`, spaces, dashes, slashes and dots.
fn numeric(b: &[u8], shape: &Shape) -> KindSet {
    if shape.dots > 0 {
        return match shape.dots {
            1 => KindSet::of(Kind::Latitude).with(Kind::Longitude),
            3 => KindSet::of(Kind::Ipv4),
            _ => KindSet::EMPTY,
        };
    }
    let separated = shape.spaces + shape.dashes > 0;
    let mut set = KindSet::EMPTY;
    if shape.slash || (shape.dashes == 2 && shape.spaces == 0 && shape.digits <= 8) {
        set.insert(Kind::BirthDate);
    }
    if shape.slash {
        return set;
    }
    match shape.digits {
        8 if !separated && !shape.plus => set.insert(Kind::BirthDate),
        11 | 13 | 15 => set.insert(Kind::CnMobile),
        _ => {}
    }
    let bare = !separated && !shape.plus && shape.digits == b.len();
    if bare && matches!(shape.digits, 15 | 18) {
        set.insert(Kind::CnResidentId);
    }
    if bare && shape.digits == 18 {
        set.insert(Kind::Uscc);
    }
    if !shape.plus && (16..=19).contains(&shape.digits) {
        set.insert(Kind::BankCard);
    }
    set
}

/// ASCII letters and digits: USCCs, resident IDs ending in X, VINs, passports and permits.
fn alphanumeric(b: &[u8], shape: &Shape, first: u8) -> KindSet {
    if shape.digits + shape.letters != b.len() {
        return KindSet::EMPTY;
    }
    match b.len() {
        18 => KindSet::of(Kind::Uscc).with(Kind::CnResidentId),
        17 => KindSet::of(Kind::Vin),
        8..=11 if shape.letters <= 2 => match first.to_ascii_uppercase() {
            b'H' => KindSet::of(Kind::HkMacaoPermit),
            b'M' if b.get(1).is_some_and(u8::is_ascii_digit) => KindSet::of(Kind::HkMacaoPermit),
            _ => KindSet::of(Kind::PassportCn),
        },
        _ => KindSet::EMPTY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(cell: &str) -> Vec<Kind> {
        candidates(cell).iter().collect()
    }

    #[test]
    fn most_cells_reach_one_validator() {
        assert_eq!(kinds("13800138000"), [Kind::CnMobile]);
        assert_eq!(kinds("+86 138-0013-8000"), [Kind::CnMobile]);
        assert_eq!(kinds("a@b.cn"), [Kind::Email]);
        assert_eq!(kinds("LATPAB071W1005301"), [Kind::Vin]);
        assert_eq!(kinds("192.168.0.1"), [Kind::Ipv4]);
        assert_eq!(kinds("2001:db8::1"), [Kind::Ipv6]);
        assert_eq!(kinds("京A12345"), [Kind::VehiclePlate]);
        assert_eq!(kinds("王小明"), [Kind::PersonName]);
        assert_eq!(kinds("G12345678"), [Kind::PassportCn]);
        assert_eq!(kinds("H1234567801"), [Kind::HkMacaoPermit]);
        assert_eq!(kinds("1990-01-05"), [Kind::BirthDate]);
        assert_eq!(kinds("hello world"), []);
        assert_eq!(kinds("12"), []);
    }

    #[test]
    fn eighteen_digits_reach_three() {
        assert_eq!(
            kinds("110105194912310021"),
            [Kind::CnResidentId, Kind::BankCard, Kind::Uscc]
        );
    }
}
