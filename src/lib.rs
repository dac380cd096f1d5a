//! Mekong Till: the touchscreen till, receipts and records of the Made in Mekong café.
//! The binary only parses arguments; everything lives here so it can be tested.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod hq;
pub mod print;
pub mod store;
pub mod sync;
pub mod ui;
