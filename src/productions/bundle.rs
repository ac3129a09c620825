//! A production bundle's files: the data of each kind as CSV and JSON written as the rows stream
//! past (each file's SHA-256 and size computed while it is written), the manifest in
//! `sha256sum -c` form and as JSON, and the ZIP that carries them, optionally AES-256 encrypted.

pub mod data_files;
pub mod digest;
pub mod manifest;
pub mod package;

pub use digest::FileDigest;
