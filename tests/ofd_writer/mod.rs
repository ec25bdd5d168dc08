//! An OFD (GB/T 33190) writer small enough to show every part that matters: nothing on this
//! machine writes OFD, so the reader's tests lay out text themselves. Each printed line is placed
//! by absolute position, as Chinese office suites export a document: `TextObject`s with a
//! `Boundary`, `TextCode`s with `X`/`Y` inside it and `DeltaX` advances, no line or paragraph
//! structure at all.
#![allow(dead_code)]

use std::io::Write;

/// 16 pt (三号仿宋, the official-document body size) in millimetres.
pub const SIZE: f64 = 5.644;

/// One line of print: where it starts (mm from the page's left edge), its baseline (mm from the
/// top), and its text.
pub struct Placed {
    pub x: f64,
    pub baseline: f64,
    pub text: String,
}

/// Advance of one character: full-width characters are square, ASCII is half as wide.
pub fn width(c: char) -> f64 {
    if c.is_ascii() { SIZE / 2.0 } else { SIZE }
}

/// `DeltaX` for `text`: the advance after each character but the last, runs written `g N D`.
fn delta_x(text: &str) -> String {
    let widths: Vec<f64> = text.chars().map(width).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let steps = widths.len().saturating_sub(1);
    while i < steps {
        let mut n = 1;
        while i + n < steps && widths[i + n] == widths[i] {
            n += 1;
        }
        if n > 1 {
            out.push(format!("g {n} {:.3}", widths[i]));
        } else {
            out.push(format!("{:.3}", widths[i]));
        }
        i += n;
    }
    out.join(" ")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A page's `Content.xml`. With `split`, every third line is drawn as two TextObjects (as an
/// exporter does where a run's font or spacing changes), the second given first.
fn content(lines: &[Placed], split: bool) -> String {
    let mut objects = String::new();
    let mut id = 100;
    let mut object = |x: f64, baseline: f64, text: &str| {
        let w: f64 = text.chars().map(width).sum();
        id += 1;
        // The box's top sits a font size above the baseline; the code's Y is relative to it.
        format!(
            r#"<ofd:TextObject ID="{id}" Boundary="{x:.3} {:.3} {w:.3} {:.3}" Font="3" Size="{SIZE}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{:.3}" DeltaX="{}">{}</ofd:TextCode></ofd:TextObject>"#,
            baseline - SIZE,
            SIZE * 1.2,
            SIZE,
            delta_x(text),
            escape(text)
        )
    };
    for (n, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.text.chars().collect();
        if split && n % 3 == 1 && chars.len() > 4 {
            let head: String = chars[..chars.len() / 2].iter().collect();
            let tail: String = chars[chars.len() / 2..].iter().collect();
            let tail_x = line.x + head.chars().map(width).sum::<f64>();
            objects.push_str(&object(tail_x, line.baseline, &tail));
            objects.push_str(&object(line.x, line.baseline, &head));
        } else {
            objects.push_str(&object(line.x, line.baseline, &line.text));
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

/// A whole `.ofd`: `OFD.xml`, `Doc_0/Document.xml` and one `Content.xml` per page.
pub fn ofd(pages: &[Vec<Placed>], split: bool) -> Vec<u8> {
    let ofd = r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>6c0e5b8f</ofd:DocID><ofd:Creator>duibi tests</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
    let list: String = (0..pages.len())
        .map(|i| {
            format!(
                r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#,
                i + 1
            )
        })
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
    );
    let public_res = r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="仿宋_GB2312" FamilyName="仿宋_GB2312"/></ofd:Fonts></ofd:Res>"#;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut parts: Vec<(String, String)> = vec![
            ("OFD.xml".into(), ofd.into()),
            ("Doc_0/Document.xml".into(), document),
            ("Doc_0/PublicRes.xml".into(), public_res.into()),
        ];
        for (i, page) in pages.iter().enumerate() {
            parts.push((
                format!("Doc_0/Pages/Page_{i}/Content.xml"),
                content(page, split),
            ));
        }
        for (name, data) in parts {
            zip.start_file(name, options).expect("zip entry");
            zip.write_all(data.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip");
    }
    out.into_inner()
}
