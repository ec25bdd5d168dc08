//! Helpers shared by the integration tests (each test file is its own crate and includes this).

/// A fixed xorshift stream: as structureless as /dev/urandom, but the same on every run.
pub fn junk(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}
