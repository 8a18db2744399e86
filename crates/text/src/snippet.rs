//! [`Snippet`]: a piece of the scanned text that a finding keeps.
//!
//! A scan of news keeps thousands of short texts (a name as written, the
//! trigger words, the claimant), and a heap allocation for each was a
//! twentieth of the whole scan. A snippet keeps up to [`INLINE`] bytes in
//! place, the size of a `String`, and only longer ones (sentences) on the heap.

use std::fmt;
use std::ops::Deref;

/// Bytes a snippet holds without allocating.
pub const INLINE: usize = 22;

/// An immutable string that keeps short texts inline.
///
/// Dereferences to `str`, compares with strings, and serialises as one.
#[derive(Clone)]
pub struct Snippet(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Snippet {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes were copied whole from a `&str` (see `From<&str>`).
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }

    /// `parts` joined by `separator`, built in place when it fits.
    pub fn joined<'a>(parts: impl Iterator<Item = &'a str> + Clone, separator: &str) -> Snippet {
        let mut len = 0;
        for (k, part) in parts.clone().enumerate() {
            len += part.len() + if k > 0 { separator.len() } else { 0 };
        }
        if len > INLINE {
            let mut text = String::with_capacity(len);
            for (k, part) in parts.enumerate() {
                if k > 0 {
                    text.push_str(separator);
                }
                text.push_str(part);
            }
            return Snippet(Repr::Heap(text.into_boxed_str()));
        }
        let mut bytes = [0u8; INLINE];
        let mut at = 0;
        for (k, part) in parts.enumerate() {
            for piece in [if k > 0 { separator } else { "" }, part] {
                bytes[at..at + piece.len()].copy_from_slice(piece.as_bytes());
                at += piece.len();
            }
        }
        Snippet(Repr::Inline { len: at as u8, bytes })
    }
}

impl From<&str> for Snippet {
    fn from(text: &str) -> Snippet {
        if text.len() > INLINE {
            return Snippet(Repr::Heap(text.into()));
        }
        let mut bytes = [0u8; INLINE];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Snippet(Repr::Inline { len: text.len() as u8, bytes })
    }
}

impl From<String> for Snippet {
    fn from(text: String) -> Snippet {
        if text.len() > INLINE {
            Snippet(Repr::Heap(text.into_boxed_str()))
        } else {
            Snippet::from(text.as_str())
        }
    }
}

impl Default for Snippet {
    fn default() -> Snippet {
        Snippet::from("")
    }
}

impl Deref for Snippet {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Snippet {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Snippet {
    fn eq(&self, other: &Snippet) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Snippet {}

impl PartialEq<str> for Snippet {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Snippet {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Snippet {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl serde::Serialize for Snippet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_texts_read_back_as_given() {
        for text in
            ["", "Kim", "Kim Jong-un", "김정은 위원장", &"x".repeat(INLINE), &"y".repeat(80)]
        {
            let snippet = Snippet::from(text);
            assert_eq!(snippet.as_str(), text);
            assert_eq!(Snippet::from(text.to_string()), snippet);
            assert_eq!(format!("{snippet}"), text);
            assert_eq!(
                serde_json::to_string(&snippet).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
        assert_eq!(std::mem::size_of::<Snippet>(), std::mem::size_of::<String>());
    }

    #[test]
    fn joined_parts_equal_the_joined_string() {
        let cases: [&[&str]; 5] = [
            &[],
            &["coal"],
            &["shipped", "coal"],
            &["U.S. Treasury", "designated", "sanctions"],
            &["a", "b", "c", "d", "e", "f", "g", "h"],
        ];
        for parts in cases {
            let snippet = Snippet::joined(parts.iter().copied(), " + ");
            assert_eq!(snippet, parts.join(" + "));
        }
    }
}
