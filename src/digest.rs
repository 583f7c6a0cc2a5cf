//! `sha256:` digests, the form every digest in a result or paper takes: of a policy's files
//! (see `policy::load::files`) and of a cohort file as the clerk gave it.

use sha2::{Digest, Sha256};

/// `sha256:` and the lowercase hex of a finished hash.
pub(crate) fn written(hash: Sha256) -> String {
    let mut hex = String::with_capacity(71);
    hex.push_str("sha256:");
    for b in hash.finalize() {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The digest of bytes in memory.
pub(crate) fn of_bytes(bytes: &[u8]) -> String {
    written(Sha256::new_with_prefix(bytes))
}

/// The digest of everything `reader` gives, read in pieces (a cohort file of any size is hashed
/// without being held whole).
pub(crate) fn of_reader(mut reader: impl std::io::Read) -> std::io::Result<String> {
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(written(hash)),
            Ok(n) => hash.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_reader_agree_with_the_known_digest_of_abc() {
        let known = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(of_bytes(b"abc"), known);
        assert_eq!(of_reader(&b"abc"[..]).unwrap(), known);
    }
}
