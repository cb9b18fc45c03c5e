//! The surname lists behind the name check: about 100 of the most common single-character
//! surnames (which cover the large majority of the population), a further set of common ones,
//! traditional-character forms for data from Hong Kong, Macao and Taiwan, and the compound
//! surnames that still occur.
//!
//! The list is written in frequency order for review and sorted at compile time, so the lookup is
//! a binary search over 293 characters.

/// Single-character surnames in rough frequency order, then traditional forms.
const SINGLE_UNSORTED: [char; 293] = [
    // The ~100 most common surnames.
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
    '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾',
    '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁',
    '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏',
    '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
    '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '覃', '武', '戴',
    '莫', '孔', '向', '汤', // Further common surnames.
    '傅', '常', '温', '康', '施', '文', '牛', '樊', '葛', '邢', '安', '齐', '易', '乔', '伍', '庞',
    '颜', '倪', '庄', '聂', '章', '鲁', '岳', '翟', '殷', '詹', '申', '欧', '耿', '关', '兰', '焦',
    '俞', '左', '柳', '甘', '祝', '包', '宁', '尚', '符', '舒', '阮', '柯', '纪', '梅', '童', '凌',
    '毕', '单', '季', '裴', '霍', '涂', '成', '苗', '谷', '盛', '曲', '翁', '冉', '骆', '蓝', '路',
    '游', '辛', '靳', '管', '柴', '蒙', '鲍', '华', '喻', '祁', '蒲', '房', '滕', '屈', '饶', '解',
    '牟', '艾', '尤', '阳', '时', '穆', '农', '司', '卓', '古', '吉', '缪', '简', '车', '项', '连',
    '芦', '麦', '褚', '娄', '窦', '戚', '岑', '景', '党', '宫', '费', '卜', '冷', '晏', '席', '卫',
    '米', '柏', '宗', '瞿', '桂', '全', '佟', '应', '臧', '闵', '苟', '邬', '边', '卞', '姬', '师',
    '和', '仇', '栾', '隋', '商', '刁', '沙', '荣', '巫', '寇', '桑', '郎', '甄', '丛', '仲', '虞',
    '敖', '巩', '明', '佘', '池', '查', '麻', '苑', '迟', '邝', '阎',
    // Traditional forms of common surnames whose simplified form differs.
    '陳', '張', '劉', '楊', '黃', '趙', '吳', '孫', '馬', '羅', '鄭', '謝', '許', '韓', '馮', '鄧',
    '蕭', '葉', '蘇', '呂', '盧', '鍾', '譚', '陸', '賈', '韋', '鄒', '錢', '嚴', '龔', '賀', '顧',
    '龍', '閻', '湯', '蔣', '莊', '鄺',
];

/// [`SINGLE_UNSORTED`] in code-point order, for binary search.
const SINGLE: [char; 293] = sorted(SINGLE_UNSORTED);

/// Compound (two-character) surnames.
const COMPOUND: [[char; 2]; 24] = [
    ['欧', '阳'],
    ['司', '马'],
    ['上', '官'],
    ['诸', '葛'],
    ['东', '方'],
    ['皇', '甫'],
    ['尉', '迟'],
    ['公', '孙'],
    ['慕', '容'],
    ['长', '孙'],
    ['宇', '文'],
    ['司', '徒'],
    ['夏', '侯'],
    ['令', '狐'],
    ['西', '门'],
    ['独', '孤'],
    ['南', '宫'],
    ['端', '木'],
    ['轩', '辕'],
    ['钟', '离'],
    ['呼', '延'],
    ['申', '屠'],
    ['澹', '台'],
    ['司', '空'],
];

/// Insertion sort usable in a constant; the list is small and sorted once, at compile time.
const fn sorted<const N: usize>(mut chars: [char; N]) -> [char; N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && (chars[j - 1] as u32) > (chars[j] as u32) {
            let t = chars[j - 1];
            chars[j - 1] = chars[j];
            chars[j] = t;
            j -= 1;
        }
        i += 1;
    }
    chars
}

pub(super) fn is_single(c: char) -> bool {
    SINGLE.binary_search(&c).is_ok()
}

pub(super) fn is_compound(first: char, second: char) -> bool {
    COMPOUND.contains(&[first, second])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_surnames_are_sorted_without_duplicates() {
        assert!(SINGLE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn lookups() {
        for c in ['王', '李', '张', '汤', '向', '陳'] {
            assert!(is_single(c), "{c}");
        }
        for c in ['的', '是', '公'] {
            assert!(!is_single(c), "{c}");
        }
        assert!(is_compound('诸', '葛'));
        assert!(!is_compound('葛', '诸'));
    }
}
