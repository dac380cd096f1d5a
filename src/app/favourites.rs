//! The Favourites tab, pinned by a manager on the till: an item as it is usually ordered, one
//! tap to add. The menu file seeds the tab; once a manager pins or unpins one, the till keeps
//! her list (in the database) and the file's list no longer applies.

use super::{AppError, Till, staff::Authority};
use crate::domain::menu::{Favourite, Menu, Name};
use crate::domain::money::Quantity;
use crate::domain::order::{OrderLine, Selection, build_line, favourite_of};
use crate::domain::staff::Action;
use crate::store::menus::{self, PinnedChoice};

/// At most this many favourites: the tab is one screen of tiles at a glance.
pub const MAX_FAVOURITES: usize = 24;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FavouriteError {
    #[error("{} is already pinned", .0.en)]
    AlreadyPinned(Name),
    #[error("the Favourites tab holds at most {MAX_FAVOURITES}: unpin one first")]
    Full,
    #[error("there is no favourite {0} on the tab")]
    NoSuchFavourite(usize),
    #[error(transparent)]
    Order(#[from] crate::domain::order::OrderError),
}

/// `choice` as a favourite on `menu`: named as the menu file names the same choice, else
/// from the menu's own names; `None` when its item, variant or an option is no longer there.
fn resolve(menu: &Menu, file: &[Favourite], choice: &PinnedChoice) -> Option<Favourite> {
    let unnamed = Favourite {
        name: Name {
            en: String::new(),
            lo: String::new(),
        },
        item: choice.item.clone(),
        variant: choice.variant.clone(),
        options: choice.options.clone(),
    };
    let line = Selection::of_favourite(menu, &unnamed)
        .and_then(|s| build_line(menu, &choice.item, &s, Quantity::ONE))
        .ok()?;
    let made = favourite_of(menu, &line).ok()?;
    if made.variant != choice.variant || !same_options(&made, &unnamed) {
        return None;
    }
    Some(
        file.iter()
            .find(|f| f.item == made.item && f.variant == made.variant && same_options(f, &made))
            .cloned()
            .unwrap_or(made),
    )
}

impl Till {
    /// Puts the favourites a manager pinned in place of the menu file's (named as the file
    /// names them, else from the menu), leaving out any whose item or option is no longer on
    /// the menu. A kept list that does not read leaves the file's in place, and says so in
    /// the log: favourites are the screen's layout, never a reason not to sell.
    pub(super) fn apply_pinned_favourites(&mut self) -> Result<(), AppError> {
        let pinned = match menus::pinned_favourites(self.store.conn(), &self.config.site.till_id) {
            Ok(Some(pinned)) => pinned,
            Ok(None) => return Ok(()),
            Err(crate::store::StoreError::Corrupt(problem)) => {
                tracing::error!(
                    "{problem}; the Favourites tab is the menu file's until a manager pins again"
                );
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        let file = std::mem::take(&mut self.menu.favourites);
        let mut shown = Vec::new();
        for choice in &pinned {
            match resolve(&self.menu, &file, choice) {
                Some(f) => shown.push(f),
                None => tracing::warn!(
                    "favourite {} ({}) is no longer on the menu; not shown",
                    choice.item.as_str(),
                    choice.variant.as_str()
                ),
            }
        }
        self.menu.favourites = shown;
        Ok(())
    }

    /// Pins `line` (as it was made: its variant and the options added to the usual ones) at
    /// the end of the Favourites tab. A manager's.
    pub fn pin_favourite(
        &mut self,
        line: &OrderLine,
        authority: &Authority,
    ) -> Result<(), AppError> {
        authority.allows(Action::ChangeSettings)?;
        let f = favourite_of(&self.menu, line).map_err(FavouriteError::from)?;
        let mut list = self.menu.favourites.clone();
        if let Some(same) = list
            .iter()
            .find(|p| p.item == f.item && p.variant == f.variant && same_options(p, &f))
        {
            return Err(FavouriteError::AlreadyPinned(same.name.clone()).into());
        }
        if list.len() >= MAX_FAVOURITES {
            return Err(FavouriteError::Full.into());
        }
        list.push(f);
        self.keep_favourites(list, authority)
    }

    /// Takes favourite `index` off the tab. A manager's.
    pub fn unpin_favourite(&mut self, index: usize, authority: &Authority) -> Result<(), AppError> {
        authority.allows(Action::ChangeSettings)?;
        let mut list = self.menu.favourites.clone();
        if index >= list.len() {
            return Err(FavouriteError::NoSuchFavourite(index + 1).into());
        }
        list.remove(index);
        self.keep_favourites(list, authority)
    }

    /// Moves favourite `index` one place towards the start of the tab. A manager's.
    pub fn move_favourite_up(
        &mut self,
        index: usize,
        authority: &Authority,
    ) -> Result<(), AppError> {
        authority.allows(Action::ChangeSettings)?;
        let mut list = self.menu.favourites.clone();
        if index >= list.len() {
            return Err(FavouriteError::NoSuchFavourite(index + 1).into());
        }
        if index > 0 {
            list.swap(index - 1, index);
        }
        self.keep_favourites(list, authority)
    }

    fn keep_favourites(
        &mut self,
        list: Vec<Favourite>,
        authority: &Authority,
    ) -> Result<(), AppError> {
        let by = authority.approver().unwrap_or(authority.actor());
        let tx = self.store.write()?;
        let choices: Vec<PinnedChoice> = list.iter().map(PinnedChoice::from).collect();
        menus::pin_favourites(
            &tx,
            &self.config.site.till_id,
            &choices,
            by.id.as_str(),
            &self.clock.now().to_rfc3339(),
        )?;
        tx.commit().map_err(crate::store::StoreError::from)?;
        self.menu.favourites = list;
        Ok(())
    }
}

fn same_options(a: &Favourite, b: &Favourite) -> bool {
    let sorted = |f: &Favourite| {
        let mut v = f.options.clone();
        v.sort();
        v
    };
    sorted(a) == sorted(b)
}
