//! Real-time printer status (`DLE EOT n`) and the drawer kick, as the ESC/POS manual defines
//! them. The escpos crate does not decode status bytes, and its drawer command stops after
//! `ESC p m` without the two pulse times the command takes, so both are written out here.

/// `DLE EOT n`: transmit real-time status `n` (1 printer, 2 offline cause, 4 roll paper).
pub fn status_request(n: u8) -> [u8; 3] {
    [0x10, 0x04, n]
}

/// Which connector pin of the printer's drawer port fires the drawer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawerPin {
    Pin2,
    Pin5,
}

/// `ESC p m t1 t2`: a 50 ms pulse on the pin, then 500 ms off (t × 2 ms).
pub fn drawer_kick(pin: DrawerPin) -> [u8; 5] {
    let m = match pin {
        DrawerPin::Pin2 => 0,
        DrawerPin::Pin5 => 1,
    };
    [0x1b, b'p', m, 25, 250]
}

/// What a printer said about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrinterStatus {
    pub offline: bool,
    pub cover_open: bool,
    pub paper_near_end: bool,
    pub paper_out: bool,
    pub error: bool,
}

/// Why a printer cannot print now, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    PaperOut,
    CoverOpen,
    Error,
    Offline,
}

impl PrinterStatus {
    /// Decodes the answers to `DLE EOT 1`, `2` and `4`.
    pub fn from_answers(printer: u8, offline_cause: u8, roll_paper: u8) -> PrinterStatus {
        PrinterStatus {
            offline: printer & 0x08 != 0,
            cover_open: offline_cause & 0x04 != 0,
            paper_out: offline_cause & 0x20 != 0 || roll_paper & 0x60 != 0,
            paper_near_end: roll_paper & 0x0c != 0,
            error: offline_cause & 0x40 != 0,
        }
    }

    /// The bytes a printer in this state answers to `DLE EOT 1`, `2` and `4` (fixed bits set).
    pub fn answers(&self) -> [u8; 3] {
        let bit = |on: bool, mask: u8| if on { mask } else { 0 };
        [
            0x12 | bit(self.offline, 0x08),
            0x12 | bit(self.cover_open, 0x04) | bit(self.paper_out, 0x20) | bit(self.error, 0x40),
            0x12 | bit(self.paper_near_end, 0x0c) | bit(self.paper_out, 0x60),
        ]
    }

    pub fn not_ready(&self) -> Option<NotReady> {
        if self.paper_out {
            Some(NotReady::PaperOut)
        } else if self.cover_open {
            Some(NotReady::CoverOpen)
        } else if self.error {
            Some(NotReady::Error)
        } else if self.offline {
            Some(NotReady::Offline)
        } else {
            None
        }
    }
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotReady::PaperOut => "out of paper",
            NotReady::CoverOpen => "cover open",
            NotReady::Error => "in error (cutter or mechanism)",
            NotReady::Offline => "offline",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_bytes_round_trip_and_name_the_most_urgent_problem() {
        let ok = PrinterStatus::default();
        assert_eq!(ok.answers(), [0x12, 0x12, 0x12]);
        assert_eq!(ok.not_ready(), None);
        let s = PrinterStatus {
            paper_out: true,
            cover_open: true,
            ..ok
        };
        let [a, b, c] = s.answers();
        assert_eq!(PrinterStatus::from_answers(a, b, c), s);
        assert_eq!(s.not_ready(), Some(NotReady::PaperOut));
        let near = PrinterStatus::from_answers(0x12, 0x12, 0x1e);
        assert!(near.paper_near_end && near.not_ready().is_none());
    }

    #[test]
    fn drawer_kick_has_both_pulse_times() {
        assert_eq!(drawer_kick(DrawerPin::Pin2), [0x1b, 0x70, 0, 25, 250]);
        assert_eq!(drawer_kick(DrawerPin::Pin5)[2], 1);
    }
}
