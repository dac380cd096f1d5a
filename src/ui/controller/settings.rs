//! The manager's settings screen: printer checks, exchange rates, training mode, the sales list
//! with voids and refunds, and the sales report.

use super::*;

/// The periods the reports screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPeriod {
    Today,
    Yesterday,
    Last7Days,
    Last30Days,
}

impl ReportPeriod {
    pub const ALL: [ReportPeriod; 4] = [
        ReportPeriod::Today,
        ReportPeriod::Yesterday,
        ReportPeriod::Last7Days,
        ReportPeriod::Last30Days,
    ];

    /// First and last day of the period, ending `today`.
    pub fn days(self, today: chrono::NaiveDate) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let back = |n| {
            today
                .checked_sub_days(chrono::Days::new(n))
                .unwrap_or(today)
        };
        match self {
            ReportPeriod::Today => (today, today),
            ReportPeriod::Yesterday => (back(1), back(1)),
            ReportPeriod::Last7Days => (back(6), today),
            ReportPeriod::Last30Days => (back(29), today),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RateEntry {
    pub currency: Currency,
    pub entry: String,
    pub error: Option<String>,
    /// The rate typed moves more than 10 % from the one in force: (old, new), shown side by
    /// side until the manager confirms or changes it.
    pub confirm: Option<(Money, Money)>,
}

/// How many of the latest sales the sales list shows.
pub const SALES_LISTED: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsResult {
    TestPageSent,
    TestPageFailed(String),
    DrawerOpened,
    DrawerFailed(String),
    CopySent(String),
    CopyFailed(String),
    /// A void or refund was saved: which, the sale, the amount going back.
    Returned(ReturnKind, String, Money),
    /// The People screen is a manager's, signed in herself.
    ManagersOnly,
}

/// A sale being voided or refunded on the settings screen.
#[derive(Debug, Clone)]
pub struct ReturnSheet {
    pub receipt: String,
    /// Per line: name, how many can still go back, how many are chosen.
    pub lines: Vec<(String, i64, i64)>,
    pub reason: Option<ReturnReason>,
    pub error: Option<String>,
    /// What a void would give back and how, or why the sale cannot be voided.
    pub void_back: Result<crate::domain::returns::ReturnPlan, String>,
    /// What refunding the lines chosen would give back (`None` while none are chosen).
    pub refund_back: Option<crate::domain::returns::ReturnPlan>,
}

impl Controller {
    /// The settings screen is a manager's: others need one to approve.
    pub fn open_settings(&mut self) {
        self.request(Pending::Settings);
    }

    pub fn close_settings(&mut self) {
        self.settings_open = false;
        self.people = None;
        self.reports = None;
        self.settings_authority = None;
        self.rate_entry = None;
    }

    /// The `index`-th sale of the sales list.
    fn listed(&self, index: usize) -> Option<crate::app::RecentSale> {
        self.till
            .recent_sales(SALES_LISTED)
            .ok()
            .and_then(|s| s.into_iter().nth(index))
    }

    /// Opens the return sheet for the `index`-th sale of the sales list.
    pub fn start_return(&mut self, index: usize) {
        let Some(listed) = self.listed(index) else {
            return;
        };
        let Ok(sale) = self.till.find_sale(&listed.label) else {
            return;
        };
        let before = self.till.returned_of(&sale).unwrap_or_default();
        let void_back = self
            .till
            .plan_return(&sale, ReturnKind::Void, &[])
            .map_err(|e| e.to_string());
        let lines = sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let gone: i64 = before
                    .lines
                    .iter()
                    .filter(|(n, _)| *n == i as i64 + 1)
                    .map(|(_, q)| q)
                    .sum();
                (
                    if l.variant_name.en.is_empty() {
                        l.item_name.get(self.lang).to_owned()
                    } else {
                        format!(
                            "{} ({})",
                            l.item_name.get(self.lang),
                            l.variant_name.get(self.lang)
                        )
                    },
                    i64::from(l.qty.get()) - gone,
                    0,
                )
            })
            .collect();
        self.return_sheet = Some(ReturnSheet {
            receipt: listed.label,
            lines,
            reason: None,
            error: None,
            void_back,
            refund_back: None,
        });
    }

    /// The lines chosen on the return sheet: (line number, quantity).
    fn return_chosen(sheet: &ReturnSheet) -> Vec<(i64, i64)> {
        sheet
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i as i64 + 1, l.2))
            .collect()
    }

    pub fn return_change(&mut self, line: usize, delta: i64) {
        let Some(s) = &mut self.return_sheet else {
            return;
        };
        if let Some(l) = s.lines.get_mut(line) {
            l.2 = (l.2 + delta).clamp(0, l.1);
            s.error = None;
        }
        let chosen = Self::return_chosen(s);
        let receipt = s.receipt.clone();
        let plan = self.till.find_sale(&receipt).ok().and_then(|sale| {
            self.till
                .plan_return(&sale, ReturnKind::Refund, &chosen)
                .ok()
        });
        if let Some(s) = &mut self.return_sheet {
            s.refund_back = plan;
        }
    }

    pub fn return_reason(&mut self, index: usize) {
        if let (Some(s), Some(r)) = (&mut self.return_sheet, ReturnReason::ALL.get(index)) {
            s.reason = Some(*r);
        }
    }

    pub fn return_cancel(&mut self) {
        self.return_sheet = None;
    }

    /// Void the whole sale, or refund the lines chosen: a manager's action.
    pub fn return_request(&mut self, kind: ReturnKind) {
        if self
            .return_sheet
            .as_ref()
            .is_some_and(|s| s.reason.is_some())
        {
            self.request(Pending::Return(kind));
        }
    }

    pub(super) fn do_return(&mut self, kind: ReturnKind, authority: &Authority) {
        let Some(sheet) = self.return_sheet.clone() else {
            return;
        };
        let Some(reason) = sheet.reason else { return };
        let asked = Self::return_chosen(&sheet);
        match self
            .till
            .return_sale(&sheet.receipt, kind, &asked, reason, authority)
        {
            Ok(done) => {
                self.return_sheet = None;
                self.settings_result =
                    Some(SettingsResult::Returned(kind, sheet.receipt, done.gross));
            }
            Err(e) => {
                if let Some(s) = &mut self.return_sheet {
                    s.error = Some(e.to_string());
                }
            }
        }
    }

    pub fn start_training(&mut self, whole_till: bool) {
        self.request(Pending::Training(whole_till));
    }

    /// Stopping practice is a manager's: the next orders are real sales.
    pub fn stop_training(&mut self) {
        self.request(Pending::StopTraining);
    }

    /// The sales report, from the settings screen (already a manager's).
    pub fn open_reports(&mut self) {
        if self.settings_open {
            self.reports = Some(ReportPeriod::Today);
        }
    }

    pub fn reports_pick(&mut self, index: usize) {
        if let (Some(r), Some(p)) = (&mut self.reports, ReportPeriod::ALL.get(index)) {
            *r = *p;
        }
    }

    pub fn reports_close(&mut self) {
        self.reports = None;
    }

    /// The foreign currencies whose rate can be set.
    pub fn foreign_currencies(&self) -> Vec<Currency> {
        self.drawer_currencies().into_iter().skip(1).collect()
    }

    pub fn edit_rate(&mut self, index: usize) {
        if let Some(currency) = self.foreign_currencies().get(index) {
            self.rate_entry = Some(RateEntry {
                currency: *currency,
                entry: String::new(),
                error: None,
                confirm: None,
            });
        }
    }

    pub fn rate_key(&mut self, key: &str) {
        if let Some(r) = &mut self.rate_entry
            && type_digits(&mut r.entry, key, 9)
        {
            r.error = None;
            r.confirm = None;
        }
    }

    pub fn rate_backspace(&mut self) {
        if let Some(r) = &mut self.rate_entry {
            r.entry.pop();
            r.confirm = None;
        }
    }

    pub fn rate_cancel(&mut self) {
        self.rate_entry = None;
    }

    /// Sets the rate typed from today on, under the authority that opened the settings. A
    /// rate far from the last one is set only on the second tap, once old and new are shown.
    pub fn rate_save(&mut self) {
        let Some(r) = self.rate_entry.clone() else {
            return;
        };
        let Some(authority) = self.settings_authority.take() else {
            return;
        };
        let base = self.till.config().money.currency;
        let result = Money::parse(base, &r.entry)
            .map_err(|e| Err(e.to_string()))
            .and_then(|per_unit| {
                let today = self.till.now().date_naive();
                self.till
                    .set_rate(
                        r.currency,
                        per_unit.minor(),
                        today,
                        &authority,
                        r.confirm.is_some(),
                    )
                    .map_err(|e| match e {
                        crate::app::AppError::RateToConfirm { old, new } => Ok((old, new)),
                        other => Err(other.to_string()),
                    })
            });
        self.settings_authority = Some(authority);
        match result {
            Ok(()) => self.rate_entry = None,
            Err(why) => {
                if let Some(r) = &mut self.rate_entry {
                    match why {
                        Ok(both) => r.confirm = Some(both),
                        Err(e) => r.error = Some(e),
                    }
                }
            }
        }
    }

    pub fn print_test_page(&mut self) {
        self.settings_result = Some(match self.till.print_test_page() {
            None => SettingsResult::TestPageSent,
            Some(e) => SettingsResult::TestPageFailed(e.to_string()),
        });
    }

    /// Opens the drawer with no sale: a manager's action, journalled with who asked.
    pub fn open_drawer(&mut self) {
        self.request(Pending::OpenDrawer);
    }

    /// Prints a copy (marked COPY) of the `index`-th sale of the sales list.
    pub fn reprint_listed(&mut self, index: usize) {
        let Some(listed) = self.listed(index) else {
            return;
        };
        self.settings_result = Some(match self.till.find_sale(&listed.label) {
            Ok(sale) => match self.till.reprint(&sale) {
                Ok(None) => SettingsResult::CopySent(listed.label),
                Ok(Some(e)) => SettingsResult::CopyFailed(e.to_string()),
                Err(e) => SettingsResult::CopyFailed(e.to_string()),
            },
            Err(e) => SettingsResult::CopyFailed(e.to_string()),
        });
    }
}
