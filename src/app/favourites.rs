//! The Favourites tab, pinned by a manager on the till: an item as it is usually ordered, one
//! tap to add. The menu file seeds the tab; once a manager pins or unpins one, the till keeps
//! her list (in the database) and the file's list no longer applies.

use super::{AppError, Till, staff::Authority};
use crate::domain::menu::{Favourite, Menu};
use crate::domain::money::Quantity;
use crate::domain::order::{OrderLine, Selection, build_line, favourite_of};
use crate::domain::staff::Action;
use crate::store::menus;

/// At most this many favourites: the tab is one screen of tiles at a glance.
pub const MAX_FAVOURITES: usize = 24;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FavouriteError {
    #[error("{0} is already pinned")]
    AlreadyPinned(String),
    #[error("the Favourites tab holds at most {MAX_FAVOURITES}: unpin one first")]
    Full,
    #[error("there is no favourite {0} on the tab")]
    NoSuchFavourite(usize),
    #[error(transparent)]
    Order(#[from] crate::domain::order::OrderError),
}

/// Whether `f` still adds a line on `menu` (its item, variant and options are on it).
fn fits(menu: &Menu, f: &Favourite) -> bool {
    Selection::of_favourite(menu, f)
        .and_then(|s| build_line(menu, &f.item, &s, Quantity::ONE))
        .is_ok_and(|l| l.variant == f.variant)
}

impl Till {
    /// Puts the favourites a manager pinned in place of the menu file's, leaving out any
    /// whose item or option is no longer on the menu.
    pub(super) fn apply_pinned_favourites(&mut self) -> Result<(), AppError> {
        let Some(pinned) = menus::pinned_favourites(self.store.conn(), &self.config.site.till_id)?
        else {
            return Ok(());
        };
        let (fit, gone): (Vec<_>, Vec<_>) = pinned.into_iter().partition(|f| fits(&self.menu, f));
        for f in gone {
            tracing::warn!(
                "favourite {:?} is no longer on the menu; not shown",
                f.name.en
            );
        }
        self.menu.favourites = fit;
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
            return Err(FavouriteError::AlreadyPinned(same.name.en.clone()).into());
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
        menus::pin_favourites(
            &tx,
            &self.config.site.till_id,
            &list,
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
