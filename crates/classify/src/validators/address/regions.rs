//! Province-level region names (the 31 mainland provinces, autonomous regions and municipalities
//! of GB/T 2260 in regulations.md §7.2, plus Hong Kong, Macao and Taiwan) and the suffixes written
//! after them, for the address anchor.
//!
//! Names are looked up by their first character, so scanning text that mentions no province costs
//! one `match` per character rather than a comparison with every name.

/// The byte length of the province-level name at the start of `s`, if any.
pub(super) fn province_at(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    let names: &[&str] = match first {
        '北' => &["北京"],
        '天' => &["天津"],
        '上' => &["上海"],
        '重' => &["重庆"],
        '河' => &["河北", "河南"],
        '山' => &["山西", "山东"],
        '内' => &["内蒙古"],
        '辽' => &["辽宁"],
        '吉' => &["吉林"],
        '黑' => &["黑龙江"],
        '江' => &["江苏", "江西"],
        '浙' => &["浙江"],
        '安' => &["安徽"],
        '福' => &["福建"],
        '湖' => &["湖北", "湖南"],
        '广' => &["广东", "广西"],
        '海' => &["海南"],
        '四' => &["四川"],
        '贵' => &["贵州"],
        '云' => &["云南"],
        '西' => &["西藏"],
        '陕' => &["陕西"],
        '甘' => &["甘肃"],
        '青' => &["青海"],
        '宁' => &["宁夏"],
        '新' => &["新疆"],
        '香' => &["香港"],
        '澳' => &["澳门"],
        '台' => &["台湾"],
        _ => return None,
    };
    names.iter().find(|n| s.starts_with(**n)).map(|n| n.len())
}

/// Suffixes that complete a province-level name, longest first so that 壮族自治区 is consumed
/// whole rather than leaving 区 to be mistaken for a district.
const SUFFIXES: [&str; 7] = [
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
];

/// The byte length of the suffix at the start of `s`, or zero.
pub(super) fn suffix_len(s: &str) -> usize {
    SUFFIXES
        .iter()
        .find(|suffix| s.starts_with(**suffix))
        .map_or(0, |suffix| suffix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_and_suffixes() {
        assert_eq!(province_at("内蒙古自治区呼和浩特市"), Some("内蒙古".len()));
        assert_eq!(province_at("河南省郑州市"), Some("河南".len()));
        assert_eq!(province_at("河流"), None);
        assert_eq!(suffix_len("壮族自治区南宁市"), "壮族自治区".len());
        assert_eq!(suffix_len("南宁市"), 0);
    }
}
