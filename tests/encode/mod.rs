//! The PDF stream encodings tests write: the counterparts of the filters lopdf decodes.

use std::io::Write;

pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("deflate");
    enc.finish().expect("deflate")
}

/// LZW as PDF writes it: MSB first, early change.
pub fn lzw(data: &[u8]) -> Vec<u8> {
    weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
        .encode(data)
        .expect("lzw")
}

/// ASCII85 with `z` for four zeros and the `~>` end marker.
pub fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut group = [0u8; 4];
        group[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(group);
        if n == 0 && chunk.len() == 4 {
            out.push(b'z');
            continue;
        }
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (n % 85) as u8 + b'!';
            n /= 85;
        }
        out.extend(&digits[..=chunk.len()]);
    }
    out.extend(b"~>");
    out
}
