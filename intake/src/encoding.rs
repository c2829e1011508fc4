//! Text encodings of spreadsheet files: UTF-8, with or without a byte-order mark, and
//! UTF-16, which some exports write (Meta's lead download among them, as tab-separated
//! UTF-16 with a byte-order mark). UTF-16 is turned into UTF-8 as it streams, so the rest of
//! the importer reads one encoding.

use std::io::{self, Read};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";
/// How many bytes of UTF-16 to decode at a time.
const CHUNK: usize = 8 * 1024;

/// A file's text as UTF-8, whatever its byte-order mark said.
#[derive(Debug)]
pub(crate) enum Utf8Text<R> {
    Utf8(R),
    Utf16(Utf16Decoder<R>),
}

/// The input with its first bytes, read to look for a byte-order mark, put back in front.
pub(crate) type Peeked<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

impl<R: Read> Utf8Text<Peeked<R>> {
    /// Reads the byte-order mark, if any, and drops it.
    pub(crate) fn detect(mut input: R) -> io::Result<Self> {
        let start = read_up_to(&mut input, UTF8_BOM.len())?;
        let (bom, little_endian) = if start.starts_with(UTF16_LE_BOM) {
            (UTF16_LE_BOM, Some(true))
        } else if start.starts_with(UTF16_BE_BOM) {
            (UTF16_BE_BOM, Some(false))
        } else if start.starts_with(UTF8_BOM) {
            (UTF8_BOM, None)
        } else {
            (&b""[..], None)
        };
        let rest = io::Cursor::new(start[bom.len()..].to_vec()).chain(input);
        Ok(match little_endian {
            Some(little_endian) => Self::Utf16(Utf16Decoder::new(rest, little_endian)),
            None => Self::Utf8(rest),
        })
    }
}

/// The first `count` bytes of `input`, or all of it when shorter.
fn read_up_to(input: &mut impl Read, count: usize) -> io::Result<Vec<u8>> {
    let mut start = Vec::with_capacity(count);
    input.take(count as u64).read_to_end(&mut start)?;
    Ok(start)
}

impl<R: Read> Read for Utf8Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Self::Utf8(input) => input.read(buf),
            Self::Utf16(decoder) => decoder.read(buf),
        }
    }
}

/// UTF-16 in, UTF-8 out. Unpaired surrogates and a dangling odd byte become U+FFFD.
#[derive(Debug)]
pub(crate) struct Utf16Decoder<R> {
    input: R,
    little_endian: bool,
    /// An odd byte, or a high surrogate, waiting for the rest of its character.
    carried: Vec<u8>,
    /// Decoded text not yet handed out, and how much of it was.
    decoded: Vec<u8>,
    handed_out: usize,
}

impl<R: Read> Utf16Decoder<R> {
    fn new(input: R, little_endian: bool) -> Self {
        Self {
            input,
            little_endian,
            carried: Vec::new(),
            decoded: Vec::new(),
            handed_out: 0,
        }
    }

    /// Decodes the next chunk; false at the end of the input.
    fn decode_more(&mut self) -> io::Result<bool> {
        let mut bytes = std::mem::take(&mut self.carried);
        let carried = bytes.len();
        bytes.resize(carried + CHUNK, 0);
        let read = self.input.read(&mut bytes[carried..])?;
        bytes.truncate(carried + read);
        let at_end = read == 0;
        if !at_end {
            self.carried = bytes.split_off(complete_prefix(&bytes, self.little_endian));
        }
        let units = bytes.chunks(2).map(|pair| match pair {
            [a, b] if self.little_endian => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        self.decoded = text.into_bytes();
        self.handed_out = 0;
        Ok(!at_end || !self.decoded.is_empty())
    }
}

/// How many leading bytes of `bytes` hold whole characters: not a trailing odd byte,
/// nor a trailing high surrogate whose low half is still to come.
fn complete_prefix(bytes: &[u8], little_endian: bool) -> usize {
    let even = bytes.len() - bytes.len() % 2;
    let last_unit = bytes[..even].rchunks_exact(2).next().map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    match last_unit {
        Some(unit) if (0xD800..0xDC00).contains(&unit) => even - 2,
        _ => even,
    }
}

impl<R: Read> Read for Utf16Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.handed_out == self.decoded.len() {
            if !self.decode_more()? {
                return Ok(0);
            }
        }
        let available = &self.decoded[self.handed_out..];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.handed_out += count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte per read, to split every character.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((first, rest)), Some(slot)) => {
                    *slot = *first;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let bom = if little_endian {
            UTF16_LE_BOM
        } else {
            UTF16_BE_BOM
        };
        let units = text.encode_utf16().flat_map(|unit| {
            if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            }
        });
        bom.iter().copied().chain(units).collect()
    }

    fn decode(bytes: &[u8]) -> String {
        let mut text = String::new();
        Utf8Text::detect(Trickle(bytes))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn every_byte_order_mark_gives_the_same_text() {
        let text = "full_name\tphone\nZoë 🌾 Ng\t+14155552671\n";
        assert_eq!(decode(&utf16(text, true)), text);
        assert_eq!(decode(&utf16(text, false)), text);
        assert_eq!(decode(&[UTF8_BOM, text.as_bytes()].concat()), text);
        assert_eq!(decode(text.as_bytes()), text);
    }

    #[test]
    fn broken_utf16_becomes_replacement_characters() {
        // A lone high surrogate, then an odd byte at the end.
        assert_eq!(
            decode(b"\xFF\xFEa\x00\x00\xD8b\x00\x01"),
            "a\u{FFFD}b\u{FFFD}"
        );
    }
}
