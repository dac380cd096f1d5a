//! The sales report: a day or a range of days, by hour, category, item, staff and tender.

use super::Till;
use crate::domain::menu::Name;
use crate::domain::money::{Currency, Money};
use crate::domain::session::ReportRow;
use crate::store::{StoreError, reports};
use chrono::{Days, NaiveDate};

/// One line of a breakdown: what, how many (sales, or items sold), how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub name: Name,
    pub count: i64,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesReport {
    pub from: NaiveDate,
    /// The last day included.
    pub to: NaiveDate,
    pub sales: i64,
    /// What the sales took, after their discounts; by item, category, hour and staff add up
    /// to it.
    pub gross: Money,
    /// VAT of the sales less the VAT of what returns in the period gave back.
    pub vat: Money,
    /// Voids and refunds made in the period: how many, and the gross they gave back.
    pub voids: i64,
    pub voided: Money,
    pub refunds: i64,
    pub refunded: Money,
    /// Gross less what voids and refunds gave back: a voided sale is no takings.
    pub net: Money,
    pub by_hour: Vec<Line>,
    pub by_category: Vec<Line>,
    pub by_item: Vec<Line>,
    pub by_staff: Vec<Line>,
    /// Amounts in each tender's own currency; kip cash net of the change given.
    pub by_tender: Vec<Line>,
}

fn plain(s: &str) -> Name {
    Name {
        en: s.to_owned(),
        lo: s.to_owned(),
    }
}

impl Till {
    /// Sales from the start of `from` to the end of `to`, in the till's time zone.
    pub fn sales_report(&self, from: NaiveDate, to: NaiveDate) -> Result<SalesReport, StoreError> {
        let conn = self.store.conn();
        let till = &self.config.site.till_id;
        let offset = *self.clock.now().offset();
        let start = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(offset).single())
                .map(|t| t.to_rfc3339())
                .unwrap_or_default()
        };
        let after = to.checked_add_days(Days::new(1)).unwrap_or(to);
        let ranges = reports::receipts_between(conn, till, from, after)?;
        let currency = self.config.money.currency;
        let money = |v: i64| Money::new(currency, v);
        let sums = reports::breakdowns(conn, till, &ranges)?;
        let mut items = sums.by_item;
        // Lines are stored at list price; a discounted sale's lines are counted at what was
        // paid for each (the same shares a return gives back), so items add up to the gross.
        for receipt in sums.discounted {
            let Some(sale) = crate::store::sales::sale_by_number(conn, till, receipt)? else {
                continue;
            };
            let paid = crate::domain::returns::paid_per_line(&sale)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            for (line, paid) in sale.lines.iter().zip(paid) {
                let list = line
                    .total()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                if let Some(s) = items.iter_mut().find(|s| s.key == line.item.as_str()) {
                    s.amount -= list.minor() - paid;
                }
            }
        }
        items.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.key.cmp(&b.key)));
        let returned = crate::store::returns::period_sums(conn, till, &start(from), &start(after))?;
        let of_kind = |kind: &str| {
            returned
                .iter()
                .filter(|r| r.kind == kind)
                .fold((0, 0, 0), |(n, g, v), r| {
                    (n + r.count, g + r.gross, v + r.vat)
                })
        };
        let (voids, voided, voided_vat) = of_kind("void");
        let (refunds, refunded, refunded_vat) = of_kind("refund");
        let menu = self.menu();
        let by_item: Vec<Line> = items
            .iter()
            .map(|s| Line {
                name: menu
                    .item(&s.key.as_str().into())
                    .map(|i| i.name.clone())
                    .unwrap_or_else(|| plain(&s.key)),
                count: s.count,
                amount: money(s.amount),
            })
            .collect();
        // Categories from today's menu; items no longer on it are counted as "Other".
        let mut by_category: Vec<Line> = menu
            .categories
            .iter()
            .map(|c| Line {
                name: c.name.clone(),
                count: 0,
                amount: money(0),
            })
            .collect();
        let mut other = Line {
            name: Name {
                en: "Other".into(),
                lo: "ອື່ນໆ".into(),
            },
            count: 0,
            amount: money(0),
        };
        for s in &items {
            let line = menu
                .categories
                .iter()
                .position(|c| c.items.iter().any(|i| i.id.as_str() == s.key))
                .map_or(&mut other, |i| &mut by_category[i]);
            line.count += s.count;
            line.amount = money(line.amount.minor() + s.amount);
        }
        if other.count > 0 {
            by_category.push(other);
        }
        by_category.retain(|l| l.count > 0);
        let simple = |v: Vec<reports::Sum>| -> Vec<Line> {
            v.into_iter()
                .map(|s| Line {
                    name: plain(&s.key),
                    count: s.count,
                    amount: money(s.amount),
                })
                .collect()
        };
        let by_tender = sums
            .by_tender
            .into_iter()
            .map(|s| {
                let (kind, code) = s.key.split_once(' ').unwrap_or((s.key.as_str(), ""));
                let cur: Currency = code.parse().unwrap_or(currency);
                // Cash in the till's currency is counted net of the change given back.
                let amount = if kind == "cash" && cur == currency {
                    s.amount - sums.change
                } else {
                    s.amount
                };
                let name = match kind {
                    "cash" => Name {
                        en: format!("Cash {code}"),
                        lo: format!("ເງິນສົດ {code}"),
                    },
                    "qr" => Name {
                        en: format!("Lao QR {code}"),
                        lo: format!("QR ລາວ {code}"),
                    },
                    _ => plain(&s.key),
                };
                Line {
                    name,
                    count: s.count,
                    amount: Money::new(cur, amount),
                }
            })
            .collect();
        Ok(SalesReport {
            from,
            to,
            sales: sums.count,
            gross: money(sums.gross),
            vat: money(sums.vat - voided_vat - refunded_vat),
            voids,
            voided: money(voided),
            refunds,
            refunded: money(refunded),
            net: money(sums.gross - voided - refunded),
            by_hour: simple(sums.by_hour),
            by_category,
            by_item,
            by_staff: simple(sums.by_staff),
            by_tender,
        })
    }
}

impl SalesReport {
    /// The report as lines for the command line, labels in Lao and English.
    pub fn rows(&self) -> Vec<ReportRow> {
        use ReportRow::{Heading, Line as Row};
        let mut rows = vec![
            Heading(if self.from == self.to {
                format!("ລາຍງານການຂາຍ Sales {}", self.from)
            } else {
                format!("ລາຍງານການຂາຍ Sales {} – {}", self.from, self.to)
            }),
            Row("ຈຳນວນ Sales".into(), self.sales.to_string()),
            Row("ລວມ Gross".into(), self.gross.to_string()),
            Row(
                format!("ຍົກເລີກ Voids ×{}", self.voids),
                format!("-{}", self.voided),
            ),
            Row(
                format!("ຄືນເງິນ Refunds ×{}", self.refunds),
                format!("-{}", self.refunded),
            ),
            Row("ສຸດທິ Net takings".into(), self.net.to_string()),
            Row("ອມພ VAT".into(), self.vat.to_string()),
        ];
        for (title, lines) in [
            ("ຕາມຊົ່ວໂມງ By hour", &self.by_hour),
            ("ຕາມໝວດ By category", &self.by_category),
            ("ຕາມລາຍການ By item", &self.by_item),
            ("ຕາມພະນັກງານ By staff", &self.by_staff),
            ("ຕາມການຈ່າຍ By tender", &self.by_tender),
        ] {
            rows.push(Heading(title.into()));
            for l in lines {
                let name = if l.name.en == l.name.lo {
                    l.name.en.clone()
                } else {
                    format!("{} {}", l.name.lo, l.name.en)
                };
                rows.push(Row(format!("{name} ×{}", l.count), l.amount.to_string()));
            }
        }
        rows
    }
}
