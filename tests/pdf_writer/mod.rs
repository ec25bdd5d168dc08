//! A PDF writer small enough to show every byte that matters: the fuzz seeds and the PDF ingest
//! benchmark build their files with it (a CJK Type0 font with a ToUnicode CMap, as Word and WPS
//! write Chinese text).
#![allow(dead_code)]

/// `N 0 obj … endobj` bodies for objects 1..; offsets come back for the xref.
pub fn write_objects(out: &mut Vec<u8>, first: usize, bodies: &[Vec<u8>]) -> Vec<(usize, usize)> {
    let mut offsets = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        offsets.push((first + i, out.len()));
        out.extend(format!("{} 0 obj\n", first + i).bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    offsets
}

/// A classic xref table and trailer for `offsets`; returns where the xref starts.
pub fn write_xref(out: &mut Vec<u8>, offsets: &[(usize, usize)], trailer: &str) -> usize {
    let at = out.len();
    out.extend(b"xref\n");
    if offsets.first().is_some_and(|(n, _)| *n == 1) {
        out.extend(b"0 1\n0000000000 65535 f \n");
    }
    for (n, offset) in offsets {
        out.extend(format!("{n} 1\n{offset:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n<< {trailer} >>\nstartxref\n{at}\n%%EOF\n").bytes());
    at
}

pub fn pdf(bodies: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let offsets = write_objects(&mut out, 1, bodies);
    write_xref(
        &mut out,
        &offsets,
        &format!("/Size {} /Root 1 0 R {trailer}", bodies.len() + 1),
    );
    out
}

pub fn obj(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}

/// Catalog (1), Pages (2), Page (3) whose contents are object 4 and fonts `fonts`.
pub fn page_objects(fonts: &str, contents: Vec<u8>) -> Vec<Vec<u8>> {
    vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << {fonts} >> >> >>"
        )),
        contents,
    ]
}

/// Glyph id i+1 for the i-th distinct character of `lines`.
pub fn glyphs(lines: &[&str]) -> Vec<char> {
    let mut glyphs: Vec<char> = Vec::new();
    for c in lines.iter().flat_map(|l| l.chars()) {
        if !glyphs.contains(&c) {
            glyphs.push(c);
        }
    }
    glyphs
}

/// A ToUnicode CMap as Word writes it: a 2-byte code-space, a bfrange for the first glyphs (one
/// with an array target), bfchar for the rest.
pub fn to_unicode(glyphs: &[char]) -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    let (first, rest) = glyphs.split_at(glyphs.len().min(3));
    cmap.push_str("2 beginbfrange\n<0001> <0001> ");
    for c in first.iter().take(1) {
        cmap.push_str(&format!("<{:04X}>\n", u32::from(*c)));
    }
    cmap.push_str(&format!("<0002> <{:04X}> [", first.len()));
    for c in first.iter().skip(1) {
        cmap.push_str(&format!("<{:04X}>", u32::from(*c)));
    }
    cmap.push_str("]\nendbfrange\n");
    cmap.push_str(&format!("{} beginbfchar\n", rest.len()));
    for (i, c) in rest.iter().enumerate() {
        let mut units = [0u16; 2];
        let hex: String = c
            .encode_utf16(&mut units)
            .iter()
            .map(|u| format!("{u:04X}"))
            .collect();
        cmap.push_str(&format!("<{:04X}> <{hex}>\n", i + 4));
    }
    cmap.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
    cmap.into_bytes()
}

/// Text operators for `lines` in glyph codes: Td, Tj, TJ with a kern, T*, and a Tm.
pub fn cjk_content(lines: &[&str], glyphs: &[char]) -> Vec<u8> {
    let hex = |line: &str| -> String {
        line.chars()
            .map(|c| {
                format!(
                    "{:04X}",
                    glyphs.iter().position(|g| *g == c).unwrap_or(0) + 1
                )
            })
            .collect()
    };
    let mut out = String::from("BT /F1 12 Tf 18 TL 72 760 Td\n");
    for (i, line) in lines.iter().enumerate() {
        match i % 3 {
            0 => out.push_str(&format!("<{}> Tj T*\n", hex(line))),
            1 => {
                let mid = line.chars().count() / 2;
                let (a, b): (String, String) = (
                    line.chars().take(mid).collect(),
                    line.chars().skip(mid).collect(),
                );
                out.push_str(&format!("[<{}> -30 <{}>] TJ T*\n", hex(&a), hex(&b)));
            }
            _ => out.push_str(&format!(
                "1 0 0 1 72 {} Tm <{}> Tj 0 -18 Td\n",
                700 - 20 * i,
                hex(line)
            )),
        }
    }
    out.push_str("ET\nq 0.5 w 72 100 m 500 100 l S Q\n");
    out.into_bytes()
}

pub fn type0_font(cid_font: usize, to_unicode: usize) -> String {
    format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
         /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
    )
}

pub const CID_FONT: &str = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 \
    /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>";

/// Type0/Identity-H font (object 5) over a CIDFontType2 (6) with a ToUnicode stream (7).
pub fn cjk_font_objects(cmap: Vec<u8>) -> Vec<Vec<u8>> {
    vec![obj(&type0_font(6, 7)), obj(CID_FONT), cmap]
}

pub fn cjk_pdf(lines: &[&str], filter: &str, encode: fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let glyphs = glyphs(lines);
    let content = stream(filter, &encode(&cjk_content(lines, &glyphs)));
    let mut bodies = page_objects("/F1 5 0 R", content);
    bodies.extend(cjk_font_objects(stream(
        filter,
        &encode(&to_unicode(&glyphs)),
    )));
    pdf(&bodies, "")
}
