-- 0018: the Favourites tab as a manager pinned it on the till. Until she first does, the tab
-- is the one `menu.toml` seeds; from then on it is this list (in order), with who changed it
-- last and when. Favourites are the screen's layout, not money: nothing is journalled.
CREATE TABLE pinned_favourites (
    till_id    TEXT NOT NULL PRIMARY KEY,
    list       TEXT NOT NULL CHECK (json_valid(list) AND json_type(list) = 'array'),
    changed_by TEXT NOT NULL REFERENCES staff (id),
    changed_at TEXT NOT NULL
) WITHOUT ROWID;
