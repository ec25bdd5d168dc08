//! Chains of indirect objects whose value is only a reference to another (`7 0 obj 8 0 R endobj`).
//!
//! Input: a loaded document. Output: the first chain that loops or is longer than lopdf follows.
//! lopdf gives up on such a chain with an error that callers of `get_deref` cannot tell from a
//! missing entry, so a font whose ToUnicode or a page whose Contents sits at the end of one read as
//! "no Unicode mapping" or "no text layer": the file is damaged, and the reader says so.

use std::collections::{HashMap, HashSet};

use lopdf::{Object, ObjectId};

/// lopdf's own dereference limit (`Document::DEREF_LIMIT`, private): a longer chain is unreadable.
pub const MAX_CHAIN: usize = 128;

/// What is wrong with the document's reference chains, if anything. Each object is walked once:
/// a chain's length is remembered for every object on it.
pub fn trouble(doc: &lopdf::Document) -> Option<String> {
    // Hops from an object's value to a value that is not a reference.
    let mut hops: HashMap<ObjectId, usize> = HashMap::new();
    for (&start, value) in &doc.objects {
        if !matches!(value, Object::Reference(_)) || hops.contains_key(&start) {
            continue;
        }
        let mut path = vec![start];
        let mut on_path = HashSet::from([start]);
        let mut current = start;
        let last_hops = loop {
            match doc.objects.get(&current) {
                Some(Object::Reference(next)) => {
                    if on_path.contains(next) {
                        return Some(format!(
                            "a reference loop (object {} {} refers back to itself)",
                            next.0, next.1
                        ));
                    }
                    if let Some(&known) = hops.get(next) {
                        break known + 1;
                    }
                    if path.len() > MAX_CHAIN {
                        return Some(format!("a chain of references longer than {MAX_CHAIN}"));
                    }
                    path.push(*next);
                    on_path.insert(*next);
                    current = *next;
                }
                _ => break 0,
            }
        };
        for (i, id) in path.iter().rev().enumerate() {
            let n = last_hops + i;
            if n > MAX_CHAIN {
                return Some(format!("a chain of references longer than {MAX_CHAIN}"));
            }
            hops.insert(*id, n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_of(links: &[(u32, u32)], ends: &[u32]) -> lopdf::Document {
        let mut doc = lopdf::Document::with_version("1.5");
        for &(from, to) in links {
            doc.objects.insert((from, 0), Object::Reference((to, 0)));
        }
        for &id in ends {
            doc.objects.insert((id, 0), Object::Integer(1));
        }
        doc
    }

    #[test]
    fn loops_and_long_chains_are_found() {
        assert_eq!(trouble(&doc_of(&[(1, 2), (2, 3)], &[3])), None);
        assert!(trouble(&doc_of(&[(1, 2), (2, 1)], &[])).is_some_and(|t| t.contains("loop")));
        assert!(trouble(&doc_of(&[(1, 1)], &[])).is_some_and(|t| t.contains("loop")));
        let n = MAX_CHAIN as u32 + 2;
        let long: Vec<(u32, u32)> = (1..n).map(|i| (i, i + 1)).collect();
        assert!(trouble(&doc_of(&long, &[n])).is_some_and(|t| t.contains("longer")));
        let short: Vec<(u32, u32)> = (1..n - 2).map(|i| (i, i + 1)).collect();
        assert_eq!(trouble(&doc_of(&short, &[n - 2])), None);
        // Walked from the far end first (ids descending), the memo must still add up.
        let reversed: Vec<(u32, u32)> = (2..n + 1).map(|i| (i, i - 1)).collect();
        assert!(trouble(&doc_of(&reversed, &[1])).is_some_and(|t| t.contains("longer")));
    }
}
