//! Reading glosses: some reprint sites annotate characters with their pinyin ("建设(shè)",
//! "领(lǐng)导(dǎo)"). The gloss splits the words the analysis looks for, so it is dropped.

use crate::pattern::static_regex;

static_regex!(
    /// A parenthesised syllable of lowercase Latin letters with at least one tone mark, right after a
    /// Han character. Plain ASCII in brackets ("(APP)", "(试行)") is never a gloss.
    GLOSS = r"(\p{Han})[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7})[)）]");

const TONE_MARKS: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ";

/// Drops pinyin glosses; text without any is returned borrowed.
pub fn strip(text: &str) -> std::borrow::Cow<'_, str> {
    GLOSS.replace_all(text, |c: &regex::Captures| {
        if c[2].chars().any(|ch| TONE_MARKS.contains(ch)) {
            c[1].to_string()
        } else {
            c[0].to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_tone_marked_glosses_only() {
        let cases = [
            (
                "坚持党对建设(shè)的全面领(lǐng)导(dǎo)",
                "坚持党对建设的全面领导",
            ),
            ("开发手机(APP)应用", "开发手机(APP)应用"),
            ("印发《办法(试行)》", "印发《办法(试行)》"),
            ("编号(abc)不变", "编号(abc)不变"),
            ("设（shè）立", "设立"),
        ];
        for (input, want) in cases {
            assert_eq!(strip(input), want, "{input}");
        }
    }
}
