//! A receipt laid out once, as a document of blocks, from a stored sale. The raster renderer
//! and anything else that prints (later: text mode for Latin-only printers) read this document;
//! nothing here knows about dots or printer commands.

use crate::config::Site;
use crate::domain::discount::DiscountValue;
use crate::domain::menu::Station;
use crate::domain::money::Money;
use crate::domain::returns::{PaidBack, ReturnKind, ReturnedLine};
use crate::domain::sale::{Sale, TenderKind};
use crate::domain::session::{ReportRow, ShiftReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Small,
    Normal,
    Large,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Centred text.
    Centre {
        text: String,
        size: Size,
        bold: bool,
    },
    /// Left text, wrapped if long, with an optional right-aligned amount on its first line.
    Row {
        left: String,
        right: String,
        size: Size,
        bold: bool,
        indent: u32,
    },
    /// A thin horizontal rule.
    Rule,
    /// Vertical space in dots.
    Gap(u32),
    /// A QR code of this text, centred.
    Qr(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptDoc {
    /// File and reference name: the receipt label, e.g. `VTE1-000042`.
    pub number: String,
    pub blocks: Vec<Block>,
}

fn row(left: impl Into<String>, right: impl Into<String>) -> Block {
    Block::Row {
        left: left.into(),
        right: right.into(),
        size: Size::Normal,
        bold: false,
        indent: 0,
    }
}

/// The café's name at the head of a slip or report.
fn site_header(site: &Site) -> Vec<Block> {
    vec![
        Block::Centre {
            text: site.name.clone(),
            size: Size::Large,
            bold: true,
        },
        Block::Gap(12),
    ]
}

/// An indented line under an item: its Lao name, a modifier, a note.
fn detail(text: impl Into<String>, size: Size, bold: bool) -> Block {
    Block::Row {
        left: text.into(),
        right: String::new(),
        size,
        bold,
        indent: 24,
    }
}

fn amount(m: Money) -> String {
    m.to_string()
}

pub const THANK_YOU_LO: &str = "ຂອບໃຈທີ່ມາອຸດໜູນ";
pub const THANK_YOU_EN: &str = "Thank you for supporting our trainees";

pub const COPY_MARK: &str = "ສຳເນົາ · COPY";
pub const TEST_PAGE_TITLE: &str = "ໜ້າທົດສອບ · TEST PAGE";

impl ReceiptDoc {
    /// A page to check a printer: its name and paper, Lao and Latin text, the currency signs,
    /// and a rule across the full width.
    pub fn test_page(
        site: &Site,
        printer: &str,
        width_dots: u32,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> ReceiptDoc {
        let mm = if width_dots <= 384 { 58 } else { 80 };
        let blocks = vec![
            Block::Centre {
                text: TEST_PAGE_TITLE.into(),
                size: Size::Large,
                bold: true,
            },
            Block::Centre {
                text: site.name.clone(),
                size: Size::Normal,
                bold: true,
            },
            Block::Centre {
                text: printer.to_owned(),
                size: Size::Small,
                bold: false,
            },
            Block::Centre {
                text: format!("{mm} mm · {width_dots} dots"),
                size: Size::Small,
                bold: false,
            },
            Block::Rule,
            row("ກາເຟລາວນົມຂົ້ນ ນ້ຳກ້ອນ ຂອບໃຈ", ""),
            row("Lao coffee, iced, thank you", ""),
            row("0123456789", "25,000 ₭ ฿120.00 $3.50"),
            Block::Rule,
            Block::Centre {
                text: now.format("%Y-%m-%d %H:%M").to_string(),
                size: Size::Small,
                bold: false,
            },
            Block::Gap(24),
        ];
        ReceiptDoc {
            number: "test-page".into(),
            blocks,
        }
    }

    /// The order ticket for one station: big type, only what that station makes, with the
    /// modifiers and notes the maker needs and no prices.
    pub fn ticket(sale: &Sale, station: Station) -> ReceiptDoc {
        let name = station.name();
        let mut b = vec![
            Block::Centre {
                text: format!("{} · {}", name.lo, name.en),
                size: Size::Large,
                bold: true,
            },
            Block::Centre {
                text: sale.receipt_label(),
                size: Size::Large,
                bold: true,
            },
            Block::Centre {
                text: sale.created_at.format("%H:%M").to_string(),
                size: Size::Normal,
                bold: false,
            },
            Block::Rule,
        ];
        for l in sale.lines.iter().filter(|l| l.station == Some(station)) {
            let item = if l.variant_name.en.is_empty() {
                l.item_name.en.clone()
            } else {
                format!("{} ({})", l.item_name.en, l.variant_name.en)
            };
            b.push(Block::Row {
                left: format!("{} × {}", l.qty.get(), item),
                right: String::new(),
                size: Size::Large,
                bold: true,
                indent: 0,
            });
            b.push(detail(l.item_name.lo.clone(), Size::Normal, false));
            for m in &l.modifiers {
                b.push(detail(
                    format!("· {} · {}", m.name.en, m.name.lo),
                    Size::Normal,
                    false,
                ));
            }
            if !l.note.is_empty() {
                b.push(detail(format!("“{}”", l.note), Size::Normal, true));
            }
            b.push(Block::Gap(8));
        }
        b.push(Block::Rule);
        b.push(Block::Gap(24));
        ReceiptDoc {
            number: format!("{}-{}", sale.receipt_label(), station.code()),
            blocks: b,
        }
    }

    /// The same receipt printed again: marked COPY under the address, so it cannot pass for a
    /// second sale.
    pub fn as_copy(mut self) -> ReceiptDoc {
        let at = self
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Gap(_)))
            .unwrap_or(0);
        self.blocks.insert(
            at,
            Block::Centre {
                text: COPY_MARK.into(),
                size: Size::Large,
                bold: true,
            },
        );
        self.number = format!("{}-copy", self.number);
        self
    }

    /// The slip of a void or refund: the sale it returns, the lines and the money paid back.
    pub fn return_slip(
        sale: &Sale,
        kind: ReturnKind,
        return_no: i64,
        lines: &[ReturnedLine],
        paid_back: &[PaidBack],
        site: &Site,
    ) -> ReceiptDoc {
        let money = |v: i64| amount(Money::new(sale.currency, v));
        let mut b = site_header(site);
        b.extend([
            Block::Centre {
                text: match kind {
                    ReturnKind::Void => "ຍົກເລີກການຂາຍ · VOID".into(),
                    ReturnKind::Refund => "ຄືນເງິນ · REFUND".into(),
                },
                size: Size::Large,
                bold: true,
            },
            row(format!("ໃບບິນ Receipt {}", sale.receipt_label()), ""),
            Block::Rule,
        ]);
        let mut total = 0;
        for l in lines {
            let Some(line) = usize::try_from(l.line_no - 1)
                .ok()
                .and_then(|i| sale.lines.get(i))
            else {
                continue;
            };
            total += l.amount;
            b.push(Block::Row {
                left: format!("{} × {}", l.qty, line.item_name.en),
                right: format!("-{}", money(l.amount)),
                size: Size::Normal,
                bold: true,
                indent: 0,
            });
            b.push(detail(line.item_name.lo.clone(), Size::Small, false));
        }
        b.push(Block::Rule);
        b.push(Block::Row {
            left: "ລວມຄືນ Total back".into(),
            right: format!("-{}", money(total)),
            size: Size::Normal,
            bold: true,
            indent: 0,
        });
        for p in paid_back {
            let label = if p.kind == "qr" {
                "QR ໂອນຄືນ Transfer back"
            } else {
                "ເງິນສົດຄືນ Cash back"
            };
            b.push(row(label, money(p.amount)));
        }
        b.push(Block::Rule);
        ReceiptDoc {
            number: format!("{}-R{return_no:06}", sale.till_id),
            blocks: b,
        }
    }

    /// An X or Z report for the printer.
    pub fn shift_report(report: &ShiftReport, site: &Site) -> ReceiptDoc {
        let mut b = site_header(site);
        let rows = report.rows().unwrap_or_else(|e| {
            vec![ReportRow::Line(
                "!".into(),
                format!("report cannot be totalled: {e}"),
            )]
        });
        for r in rows {
            match r {
                ReportRow::Heading(h) => {
                    b.push(Block::Rule);
                    b.push(Block::Row {
                        left: h,
                        right: String::new(),
                        size: Size::Normal,
                        bold: true,
                        indent: 0,
                    });
                }
                ReportRow::Line(l, v) => b.push(row(l, v)),
            }
        }
        b.push(Block::Rule);
        ReceiptDoc {
            number: match report.z_no {
                Some(z) => format!("{}-Z{z:04}", report.till),
                None => format!("{}-X{:04}", report.till, report.session_no),
            },
            blocks: b,
        }
    }

    pub fn for_sale(sale: &Sale, site: &Site) -> ReceiptDoc {
        let mut b = vec![
            Block::Centre {
                text: site.name.clone(),
                size: Size::Large,
                bold: true,
            },
            Block::Centre {
                text: site.address.clone(),
                size: Size::Small,
                bold: false,
            },
            Block::Gap(12),
            row(format!("ໃບບິນ Receipt {}", sale.receipt_label()), ""),
            row(sale.created_at.format("%Y-%m-%d %H:%M").to_string(), ""),
        ];
        // The nickname the person chose, and nothing that tells a customer who is a trainee.
        if let Some(by) = &sale.served_by {
            b.push(row(format!("ຜູ້ບໍລິການ Served by {}", by.nickname), ""));
        }
        b.push(Block::Rule);
        for l in &sale.lines {
            let name = if l.variant_name.en.is_empty() {
                l.item_name.en.clone()
            } else {
                format!("{} ({})", l.item_name.en, l.variant_name.en)
            };
            let total = l.total().map(amount).unwrap_or_default();
            b.push(Block::Row {
                left: format!("{} × {}", l.qty.get(), name),
                right: total,
                size: Size::Normal,
                bold: true,
                indent: 0,
            });
            b.push(detail(l.item_name.lo.clone(), Size::Small, false));
            for m in &l.modifiers {
                let delta = if m.delta.minor() == 0 {
                    String::new()
                } else {
                    format!("+{}", amount(m.delta))
                };
                b.push(Block::Row {
                    left: format!("· {}", m.name.en),
                    right: delta,
                    size: Size::Small,
                    bold: false,
                    indent: 24,
                });
            }
            if l.qty.get() > 1 {
                b.push(detail(
                    format!("@ {}", amount(l.unit_price)),
                    Size::Small,
                    false,
                ));
            }
            if !l.note.is_empty() {
                b.push(detail(format!("“{}”", l.note), Size::Small, false));
            }
        }
        for d in &sale.discounts {
            let what = match d.applied.discount.value {
                DiscountValue::Percent(p) => format!("{p} %"),
                DiscountValue::Amount(_) => String::new(),
            };
            let on = match d.applied.discount.line {
                Some(i) => sale
                    .lines
                    .get(i)
                    .map(|l| format!(" · {}", l.item_name.en))
                    .unwrap_or_default(),
                None => String::new(),
            };
            b.push(Block::Row {
                left: format!("ສ່ວນຫຼຸດ Discount {what}{on}").trim().to_owned(),
                right: format!("-{}", amount(d.applied.amount)),
                size: Size::Normal,
                bold: false,
                indent: 0,
            });
        }
        b.push(Block::Rule);
        b.push(Block::Row {
            left: "ລວມທັງໝົດ Total".into(),
            right: amount(sale.gross),
            size: Size::Large,
            bold: true,
            indent: 0,
        });
        b.push(Block::Row {
            left: format!("ອ.ມ.ພ. VAT {} % included", sale.vat_rate.percent()),
            right: amount(sale.vat),
            size: Size::Small,
            bold: false,
            indent: 0,
        });
        b.push(Block::Row {
            left: "ກ່ອນອາກອນ Net".into(),
            right: amount(sale.net),
            size: Size::Small,
            bold: false,
            indent: 0,
        });
        b.push(Block::Gap(8));
        for t in &sale.tenders {
            let kind = match t.kind {
                TenderKind::Cash => "ເງິນສົດ Cash",
                TenderKind::Qr => "QR ໂອນ Transfer",
            };
            match t.rate {
                None => b.push(row(kind, amount(t.amount))),
                Some(rate) => {
                    b.push(row(format!("{kind} {}", t.amount), amount(t.value)));
                    b.push(detail(
                        format!(
                            "@ {} / {}",
                            amount(Money::new(sale.currency, rate)),
                            t.amount.currency().code()
                        ),
                        Size::Small,
                        false,
                    ));
                }
            }
        }
        b.push(Block::Row {
            left: "ເງິນທອນ Change".into(),
            right: amount(sale.change_given),
            size: Size::Normal,
            bold: true,
            indent: 0,
        });
        if sale.cash_rounding.minor() != 0 {
            b.push(Block::Row {
                left: "ປັດເສດ Cash rounding".into(),
                right: amount(sale.cash_rounding),
                size: Size::Small,
                bold: false,
                indent: 0,
            });
        }
        b.push(Block::Rule);
        b.push(Block::Centre {
            text: THANK_YOU_LO.into(),
            size: Size::Normal,
            bold: true,
        });
        b.push(Block::Centre {
            text: THANK_YOU_EN.into(),
            size: Size::Normal,
            bold: false,
        });
        if let Some(url) = &site.receipt_qr {
            b.push(Block::Gap(16));
            if let Some(caption) = &site.receipt_qr_caption {
                b.push(Block::Centre {
                    text: caption.clone(),
                    size: Size::Small,
                    bold: false,
                });
            }
            b.push(Block::Qr(url.clone()));
        }
        b.push(Block::Gap(24));
        if sale.training {
            // Said at the top and the bottom, so no torn-off half passes for a receipt.
            let mark = [
                Block::Centre {
                    text: TRAINING_LO.into(),
                    size: Size::Large,
                    bold: true,
                },
                Block::Centre {
                    text: TRAINING_EN.into(),
                    size: Size::Large,
                    bold: true,
                },
                Block::Rule,
            ];
            b.splice(0..0, mark.iter().cloned());
            b.extend(mark[..2].iter().cloned());
        }
        ReceiptDoc {
            number: sale.receipt_label(),
            blocks: b,
        }
    }
}

/// The marks of a practice order's slip.
pub const TRAINING_LO: &str = "ຝຶກຫັດ — ບໍ່ແມ່ນໃບບິນ";
pub const TRAINING_EN: &str = "TRAINING — NOT A RECEIPT";
