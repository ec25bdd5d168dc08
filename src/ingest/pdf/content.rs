//! Content streams → text: runs a page's (and its form XObjects') operators with just enough
//! graphics and text state to tell where a line of print ends, decoding shown strings through
//! the page's fonts.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, ObjectId};

use super::cmap::ToUnicode;
use super::fonts::{Decoder, Fonts, decoder_for, is_type0};
use super::{MAX_INFLATED_BYTES, nesting, streams};

/// Form XObjects may nest (and, in broken files, loop); real ones are one or two levels deep.
const MAX_FORM_DEPTH: usize = 8;

/// lopdf's content parser recurses once per array or dictionary level, like its object parser:
/// content nested deeper than it can take is flattened first (real content nests one or two levels).
fn decode_content(data: &[u8]) -> lopdf::Result<Content> {
    match nesting::flatten_deeper_than(data, nesting::MAX_DEPTH) {
        Some(flat) => Content::decode(&flat),
        None => Content::decode(data),
    }
}

/// A 2-D affine matrix [a b c d e f], as PDF writes them.
#[derive(Clone, Copy)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` applied first, then `other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let values: Vec<f32> = operands.iter().filter_map(number).collect();
        let array: [f32; 6] = values.try_into().ok()?;
        Some(Matrix(array))
    }

    /// Vertical scale, for turning a font size into page units.
    fn scale(self) -> f32 {
        let [_, b, _, d, _, _] = self.0;
        (b * b + d * d).sqrt()
    }
}

fn number(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

pub(super) struct Reader<'d> {
    doc: &'d lopdf::Document,
    pub(super) out: String,
    /// Baseline y (page space) of the last text shown, to tell a new line from more of the same.
    last_y: Option<f32>,
    /// Where the last text on this line started, how many characters it had, at what size: with
    /// no font metrics at hand, an approximate advance tells a word gap from per-glyph placement.
    last_x: f32,
    last_len: usize,
    last_size: f32,
    /// A positioning step since the last text on the same line.
    gap: bool,
    pub(super) undecodable: usize,
    /// Decoded bytes left for page contents, forms and ToUnicode maps; 0 means the file is
    /// refused. Counted before lopdf decodes a stream, since lopdf decodes without a limit.
    pub(super) budget: u64,
    /// ToUnicode maps by stream and code length, parsed (and counted) once per file.
    cmaps: HashMap<(ObjectId, usize), Option<Rc<ToUnicode>>>,
}

/// Graphics and text state for one content stream.
struct State {
    ctm: Matrix,
    saved: Vec<Matrix>,
    line: Matrix,
    font: Vec<u8>,
    size: f32,
    leading: f32,
}

impl<'d> Reader<'d> {
    pub(super) fn new(doc: &'d lopdf::Document) -> Self {
        Reader {
            doc,
            out: String::new(),
            last_y: None,
            last_x: 0.0,
            last_len: 0,
            last_size: 0.0,
            gap: false,
            undecodable: 0,
            budget: MAX_INFLATED_BYTES,
            cmaps: HashMap::new(),
        }
    }

    /// Counts what `stream` decodes to against the budget, before anything is decoded; false (and
    /// no more reading) past it.
    fn spend_on(&mut self, stream: &lopdf::Stream) -> bool {
        let filters = streams::filters_of(&stream.dict);
        match streams::decoded_len(&stream.content, &filters, self.budget) {
            Ok(len) if len < self.budget => {
                self.budget -= len;
                true
            }
            _ => {
                self.budget = 0;
                false
            }
        }
    }

    /// A font's ToUnicode map, parsed and counted against the budget once per stream.
    fn unicode_map(&mut self, font: &'d Dictionary) -> Option<Rc<ToUnicode>> {
        let doc = self.doc;
        let id = font.get(b"ToUnicode").and_then(Object::as_reference).ok()?;
        let code_len = if is_type0(font) { 2 } else { 1 };
        if let Some(map) = self.cmaps.get(&(id, code_len)) {
            return map.clone();
        }
        let map = font
            .get_deref(b"ToUnicode", doc)
            .and_then(Object::as_stream)
            .ok()
            .filter(|stream| self.spend_on(stream))
            .and_then(|stream| stream.get_plain_content().ok())
            .and_then(|data| ToUnicode::parse(&data, code_len))
            .map(Rc::new);
        self.cmaps.insert((id, code_len), map.clone());
        map
    }

    fn font(&mut self, font: &'d Dictionary) -> Decoder<'d> {
        let to_unicode = self.unicode_map(font);
        decoder_for(self.doc, font, to_unicode)
    }

    fn fonts_of(&mut self, resources: &'d Dictionary) -> Fonts<'d> {
        let doc = self.doc;
        let mut fonts = Fonts::new();
        let Ok(dict) = resources.get_deref(b"Font", doc).and_then(Object::as_dict) else {
            return fonts;
        };
        for (name, value) in dict.iter() {
            if let Ok((_, font)) = doc.dereference(value)
                && let Ok(font) = font.as_dict()
            {
                fonts.insert(name.clone(), self.font(font));
            }
        }
        fonts
    }

    pub(super) fn page(&mut self, page_id: ObjectId) -> Result<(), lopdf::Error> {
        let doc = self.doc;
        let fonts: Fonts<'d> = doc
            .get_page_fonts(page_id)?
            .into_iter()
            .map(|(name, font)| (name, self.font(font)))
            .collect();
        let (own, inherited) = doc.get_page_resources(page_id)?;
        let resources: Vec<&'d Dictionary> = own
            .into_iter()
            .chain(
                inherited
                    .iter()
                    .filter_map(|id| doc.get_dictionary(*id).ok()),
            )
            .collect();
        // lopdf's get_page_content, stream by stream, so that a page listing one stream thousands
        // of times is stopped at the budget instead of concatenated.
        let mut data = Vec::new();
        for id in doc.get_page_contents(page_id) {
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            if !self.spend_on(stream) {
                return Ok(());
            }
            let part = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            data.extend_from_slice(&part);
        }
        let content = decode_content(&data)?;
        let mut state = State {
            ctm: Matrix::IDENTITY,
            saved: Vec::new(),
            line: Matrix::IDENTITY,
            font: Vec::new(),
            size: 12.0,
            leading: 0.0,
        };
        self.run(&content.operations, &fonts, &resources, &mut state, 0);
        Ok(())
    }

    pub(super) fn page_break(&mut self) {
        self.out.push('\n');
        self.last_y = None;
        self.gap = false;
    }

    fn run(
        &mut self,
        ops: &[Operation],
        fonts: &Fonts<'d>,
        resources: &[&'d Dictionary],
        state: &mut State,
        depth: usize,
    ) {
        for op in ops {
            let args = op.operands.as_slice();
            let arg = |i: usize| args.get(i).and_then(number).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" => state.saved.push(state.ctm),
                "Q" => state.ctm = state.saved.pop().unwrap_or(state.ctm),
                "cm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        state.ctm = m.then(state.ctm);
                    }
                }
                "BT" => state.line = Matrix::IDENTITY,
                "Tf" => {
                    if let Some(name) = args.first().and_then(|o| o.as_name().ok()) {
                        state.font = name.to_vec();
                    }
                    state.size = arg(1);
                }
                "TL" => state.leading = arg(0),
                "Td" => self.move_line(state, arg(0), arg(1)),
                "TD" => {
                    state.leading = -arg(1);
                    self.move_line(state, arg(0), arg(1));
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        state.line = m;
                        self.gap = true;
                    }
                }
                "T*" => self.next_line(state),
                "Tj" => self.show(state, fonts, args),
                "TJ" => self.show(state, fonts, args),
                "'" => {
                    self.next_line(state);
                    self.show(state, fonts, args);
                }
                "\"" => {
                    self.next_line(state);
                    self.show(state, fonts, args.get(2..).unwrap_or_default());
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = args.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, fonts, resources, state, depth);
                    }
                }
                _ => {}
            }
        }
    }

    fn move_line(&mut self, state: &mut State, tx: f32, ty: f32) {
        state.line = Matrix::translate(tx, ty).then(state.line);
        self.gap = true;
    }

    fn next_line(&mut self, state: &mut State) {
        self.move_line(state, 0.0, -state.leading);
        // With no leading set the baseline does not move, yet T* still means "new line".
        self.break_line();
    }

    fn break_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.gap = false;
    }

    fn show(&mut self, state: &State, fonts: &Fonts<'d>, args: &[Object]) {
        let Some(decoder) = fonts.get(&state.font) else {
            self.undecodable += 1;
            return;
        };
        let mut text = String::new();
        for arg in args {
            match arg {
                Object::String(bytes, _) => self.decode_into(decoder, bytes, &mut text),
                Object::Array(items) => {
                    for item in items {
                        match item {
                            Object::String(bytes, _) => self.decode_into(decoder, bytes, &mut text),
                            // A large negative kern (thousandths of an em) is how some producers
                            // write a space between words.
                            other => {
                                if number(other).is_some_and(|n| n < -200.0) {
                                    text.push(' ');
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if text.is_empty() {
            return;
        }
        let place = state.line.then(state.ctm);
        let [.., x, y] = place.0;
        let size = (state.size.abs() * place.scale()).max(1.0);
        if let Some(last) = self.last_y
            && (y - last).abs() > size * 0.5
        {
            self.break_line();
        }
        // Latin glyphs average well under 0.6 em; starting further right than that is a gap.
        let advance = self.last_len as f32 * self.last_size * 0.6;
        if self.gap
            && x - self.last_x > advance + size * 0.2
            && !self.out.ends_with(['\n', ' '])
            && self.out.chars().last().is_some_and(|c| !is_wide(c))
            && text
                .chars()
                .next()
                .is_some_and(|c| !is_wide(c) && !c.is_whitespace())
        {
            self.out.push(' ');
        }
        self.gap = false;
        self.out.push_str(&text);
        self.last_y = Some(y);
        self.last_x = x;
        self.last_len = text.chars().count();
        self.last_size = size;
    }

    fn decode_into(&mut self, decoder: &Decoder<'_>, bytes: &[u8], text: &mut String) {
        match decoder.decode(bytes) {
            Some(s) => text.extend(s.chars().filter(|c| *c != '\u{fffd}' && *c != '\0')),
            None => self.undecodable += 1,
        }
    }

    /// Text inside a form XObject (headers, stamps, whole pages from some converters).
    fn form(
        &mut self,
        name: &[u8],
        fonts: &Fonts<'d>,
        resources: &[&'d Dictionary],
        state: &mut State,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some(stream) = resources.iter().find_map(|res| {
            let xobjects = res
                .get_deref(b"XObject", doc)
                .and_then(Object::as_dict)
                .ok()?;
            xobjects
                .get_deref(name, doc)
                .and_then(Object::as_stream)
                .ok()
        }) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        if !self.spend_on(stream) {
            return;
        }
        let Ok(data) = stream.get_plain_content() else {
            return;
        };
        let Ok(content) = decode_content(&data) else {
            return;
        };
        let own = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
            .ok();
        let own_fonts = own.map(|r| self.fonts_of(r));
        let form_fonts = own_fonts
            .as_ref()
            .filter(|f| !f.is_empty())
            .unwrap_or(fonts);
        let form_resources: Vec<&'d Dictionary> = match own {
            Some(r) => vec![r],
            None => resources.to_vec(),
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| Matrix::from_operands(a))
            .unwrap_or(Matrix::IDENTITY);
        let mut inner = State {
            ctm: matrix.then(state.ctm),
            saved: Vec::new(),
            line: Matrix::IDENTITY,
            font: state.font.clone(),
            size: state.size,
            leading: state.leading,
        };
        self.run(
            &content.operations,
            form_fonts,
            &form_resources,
            &mut inner,
            depth + 1,
        );
    }
}

fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}
