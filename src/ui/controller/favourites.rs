//! Pinning favourites on the till: a manager makes an item as it is usually ordered on the
//! order, then pins it from the Favourites sheet; she unpins and reorders there too.

use super::*;

/// The Favourites sheet, open with the authority that opened it.
#[derive(Debug)]
pub struct FavouritesEdit {
    pub authority: Authority,
    /// What the last change was refused for.
    pub error: Option<crate::app::AppError>,
}

impl Controller {
    /// Opens the Favourites sheet: a manager's, others need one to approve.
    pub fn edit_favourites(&mut self) {
        self.request(Pending::Favourites);
    }

    pub fn favourites_done(&mut self) {
        self.favourites = None;
    }

    /// Pins line `index` of the order (as it was made) at the end of the tab.
    pub fn favourite_pin(&mut self, index: usize) {
        let Some(line) = self.cart.lines().get(index).cloned() else {
            return;
        };
        self.favourite_change(|till, a| till.pin_favourite(&line, a));
    }

    /// Takes favourite `index` off the tab.
    pub fn favourite_remove(&mut self, index: usize) {
        self.favourite_change(|till, a| till.unpin_favourite(index, a));
    }

    /// Moves favourite `index` one place up.
    pub fn favourite_up(&mut self, index: usize) {
        self.favourite_change(|till, a| till.move_favourite_up(index, a));
    }

    fn favourite_change(
        &mut self,
        change: impl FnOnce(&mut Till, &Authority) -> Result<(), crate::app::AppError>,
    ) {
        let Some(edit) = &mut self.favourites else {
            return;
        };
        edit.error = change(&mut self.till, &edit.authority).err();
    }
}
