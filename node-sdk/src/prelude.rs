//! What `std`'s prelude would give: the SDK is `no_std` (with `alloc`), so a
//! node crate may be `no_std` too and leave Rust's panic and formatting
//! machinery out of its module.

#![allow(unused_imports)] // each item is used on some target or in tests

pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::boxed::Box;
pub(crate) use alloc::format;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;
