//! Number finding, heading markers and Chinese numerals on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let chars: Vec<char> = text.chars().collect();
    for n in duibi::extract::numbers::find_numbers(&chars) {
        assert!(n.start <= n.end && n.end <= chars.len());
    }
    for line in text.lines() {
        let _ = duibi::outline::headings::parse_marker(line);
    }
    let _ = duibi::extract::numerals::parse_chinese_integer(text);
});
