//! Integration tests, one binary: the till through Slint's testing backend, the store on real
//! SQLite files, receipts decoded from the bytes a printer receives, and the command line.

mod common;

mod backup;
mod bad_input;
mod cash_control;
mod certificate;
mod cli;
mod clock;
mod crash;
mod dashboard;
mod discounts;
mod disk;
mod drills;
mod full_day;
mod hq;
mod journal;
mod network_printer;
mod parsers;
mod payments;
mod people;
mod placements;
mod print_queue;
mod receipts;
mod returns;
mod roster;
mod sales_report;
mod shift;
mod skills;
mod staff;
mod sync;
mod tickets;
mod till_figures;
mod till_ui;
mod training;
mod window;
mod xvfb;
