//! Organisation identifiers: the mainland Unified Social Credit Code (GB 32100-2015) and the
//! Legal Entity Identifier (ISO 17442). Both carry check characters, verified here so that a
//! typo is caught at registration rather than discovered by a counterparty.
//!
//! The algorithms follow `../shared/reference/regulations.md` Table 2; the worked examples there
//! are the unit tests below.

use std::fmt;

/// Why a string is not a valid organisation identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgIdError {
    #[error("a unified social credit code has 18 characters")]
    UsccLength,
    #[error("a unified social credit code uses only 0-9 and A-Y without I, O, S, V, Z")]
    UsccAlphabet,
    #[error("positions 3 to 8 of a unified social credit code are the region digits")]
    UsccRegion,
    #[error("the check character of this unified social credit code does not match")]
    UsccCheck,
    #[error("an LEI has 18 letters or digits followed by 2 check digits")]
    LeiFormat,
    #[error("the check digits of this LEI do not match (ISO 7064 MOD 97-10)")]
    LeiCheck,
}

const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A unified social credit code (统一社会信用代码), upper-case, check character verified.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Uscc(String);

impl Uscc {
    /// Parses a code, ignoring surrounding whitespace and letter case.
    ///
    /// The first two characters may be letters (authority codes A, N, Y exist), so only
    /// positions 3–8 are required to be digits.
    pub fn parse(s: &str) -> Result<Self, OrgIdError> {
        let code = s.trim().to_ascii_uppercase();
        if code.chars().count() != 18 {
            return Err(OrgIdError::UsccLength);
        }
        let values: Vec<u32> = code
            .bytes()
            .map(uscc_value)
            .collect::<Option<_>>()
            .ok_or(OrgIdError::UsccAlphabet)?;
        if !code.as_bytes()[2..8].iter().all(u8::is_ascii_digit) {
            return Err(OrgIdError::UsccRegion);
        }
        if uscc_check_value(&values[..17]) != values[17] {
            return Err(OrgIdError::UsccCheck);
        }
        Ok(Self(code))
    }

    /// Completes a 17-character body with its check character (used to build demo data).
    pub fn with_check_char(body: &str) -> Result<Self, OrgIdError> {
        let values: Vec<u32> = body
            .bytes()
            .map(uscc_value)
            .collect::<Option<_>>()
            .ok_or(OrgIdError::UsccAlphabet)?;
        if values.len() != 17 {
            return Err(OrgIdError::UsccLength);
        }
        let check = USCC_ALPHABET[uscc_check_value(&values) as usize] as char;
        Self::parse(&format!("{body}{check}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn uscc_value(b: u8) -> Option<u32> {
    USCC_ALPHABET.iter().position(|&c| c == b).map(|i| i as u32)
}

/// Weights are 3^i mod 31; the check value is (31 − S mod 31) mod 31.
fn uscc_check_value(body: &[u32]) -> u32 {
    let mut weight = 1u32;
    let mut sum = 0u32;
    for v in body {
        sum += v * weight;
        weight = weight * 3 % 31;
    }
    (31 - sum % 31) % 31
}

/// A Legal Entity Identifier, upper-case, MOD 97-10 verified.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Lei(String);

impl Lei {
    /// Parses an LEI, ignoring surrounding whitespace, inner spaces and letter case.
    pub fn parse(s: &str) -> Result<Self, OrgIdError> {
        let lei: String = s
            .trim()
            .chars()
            .filter(|c| *c != ' ')
            .collect::<String>()
            .to_ascii_uppercase();
        let b = lei.as_bytes();
        let format_ok = b.len() == 20
            && b[..18].iter().all(u8::is_ascii_alphanumeric)
            && b[18..].iter().all(u8::is_ascii_digit);
        if !format_ok {
            return Err(OrgIdError::LeiFormat);
        }
        if mod97(b) != 1 {
            return Err(OrgIdError::LeiCheck);
        }
        Ok(Self(lei))
    }

    /// Completes an 18-character body with its two check digits (used to build demo data).
    pub fn with_check_digits(body: &str) -> Result<Self, OrgIdError> {
        let upper = body.to_ascii_uppercase();
        if upper.len() != 18 || !upper.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(OrgIdError::LeiFormat);
        }
        let check = 98 - mod97(format!("{upper}00").as_bytes());
        Self::parse(&format!("{upper}{check:02}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// ISO 7064 MOD 97-10 over alphanumerics, letters expanded to 10..35, computed digit by digit so
/// that no big integer is needed.
fn mod97(chars: &[u8]) -> u32 {
    let mut r = 0u32;
    for &c in chars {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        r = if v >= 10 {
            (r * 100 + v) % 97
        } else {
            (r * 10 + v) % 97
        };
    }
    r
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uscc({})", self.0)
    }
}
impl fmt::Display for Lei {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl fmt::Debug for Lei {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lei({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_uscc(input: &str, expect: Result<&str, OrgIdError>) {
        assert_eq!(
            Uscc::parse(input).map(|u| u.as_str().to_owned()),
            expect.map(str::to_owned),
            "{input}"
        );
    }

    #[test]
    fn uscc_cases() {
        // Worked examples from regulations.md Table 2 (python-stdnum doctest and a second one).
        check_uscc("91110000600037341L", Ok("91110000600037341L"));
        check_uscc("91350100M000100Y43", Ok("91350100M000100Y43"));
        check_uscc(" 91110000600037341l ", Ok("91110000600037341L"));
        check_uscc("91110000600037341M", Err(OrgIdError::UsccCheck));
        check_uscc("91110000600037341", Err(OrgIdError::UsccLength));
        check_uscc("91110000600037341LL", Err(OrgIdError::UsccLength));
        check_uscc("9111000060003734IL", Err(OrgIdError::UsccAlphabet));
        check_uscc("911A0000600037341L", Err(OrgIdError::UsccRegion));
        check_uscc(
            "身份证号码身份证号码身份证号码身份证",
            Err(OrgIdError::UsccAlphabet),
        );
    }

    #[test]
    fn uscc_every_single_substitution_is_caught() {
        let good = "91110000600037341L";
        for i in 0..18 {
            for &c in USCC_ALPHABET {
                let mut bytes = good.as_bytes().to_vec();
                if bytes[i] == c {
                    continue;
                }
                bytes[i] = c;
                let s = String::from_utf8(bytes).unwrap();
                assert!(Uscc::parse(&s).is_err(), "{s}");
            }
        }
    }

    #[test]
    fn uscc_builds_check_char() {
        assert_eq!(
            Uscc::with_check_char("91110000600037341").unwrap().as_str(),
            "91110000600037341L"
        );
    }

    #[test]
    fn lei_cases() {
        for good in [
            "213800KUD8LAJWSQ9D15",
            "506700GE1G29325QX363",
            "2138 00KUD8LAJWSQ9D15",
        ] {
            assert!(Lei::parse(good).is_ok(), "{good}");
        }
        assert_eq!(
            Lei::with_check_digits("00000DATAPORT00001")
                .unwrap()
                .as_str(),
            "00000DATAPORT0000110"
        );
        assert_eq!(
            Lei::parse("213800KUD8LAJWSQ9D16"),
            Err(OrgIdError::LeiCheck)
        );
        assert_eq!(
            Lei::parse("213800KUD8LAJWSQ9D1"),
            Err(OrgIdError::LeiFormat)
        );
        assert_eq!(
            Lei::parse("213800KUD8LAJWSQ9DA5"),
            Err(OrgIdError::LeiFormat)
        );
        assert_eq!(
            Lei::parse("213800KUD8LAJWSQ9-15"),
            Err(OrgIdError::LeiFormat)
        );
    }
}
