//! The menu: categories → items → variants (hot/iced, size) and modifier groups with price deltas.
//! It is read from TOML and validated in full; a menu that fails validation never reaches the till.
//! Every error names the file, the entry and what is wrong.

use super::id_newtype;
use super::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

id_newtype!(
    /// Stable id of a menu item, e.g. `lao-coffee`.
    ItemId
);
id_newtype!(
    /// Id of a variant within its item, e.g. `iced`.
    VariantId
);
id_newtype!(
    /// Id of a modifier group, e.g. `sugar`.
    GroupId
);
id_newtype!(
    /// Id of an option within its group, e.g. `50`.
    OptionId
);

/// A name in both languages of the till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    pub en: String,
    pub lo: String,
}

impl Name {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Lo => &self.lo,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Lo,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Lo, Lang::En];

    /// The code in `mekong.toml` and the database: `lo` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Lo => "lo",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("menu {file}: {entry}: {problem}")]
pub struct MenuError {
    pub file: String,
    pub entry: String,
    pub problem: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Choose {
    /// Exactly one option (sugar level, milk).
    One,
    /// Any number of options, including none (extra shot, syrups).
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModOption {
    pub id: OptionId,
    pub name: Name,
    pub delta: Money,
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifierGroup {
    pub id: GroupId,
    pub name: Name,
    pub choose: Choose,
    /// Variant ids this group applies to; empty means all (ice only applies to iced drinks).
    pub only_for: Vec<VariantId>,
    pub options: Vec<ModOption>,
}

impl ModifierGroup {
    pub fn applies_to(&self, variant: &VariantId) -> bool {
        self.only_for.is_empty() || self.only_for.contains(variant)
    }
    pub fn option(&self, id: &OptionId) -> Option<&ModOption> {
        self.options.iter().find(|o| &o.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub id: VariantId,
    /// Empty for an item sold in one way only.
    pub name: Name,
    pub price: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: ItemId,
    pub name: Name,
    pub variants: Vec<Variant>,
    pub modifiers: Vec<GroupId>,
}

impl Item {
    /// True when tapping the item must open the option sheet instead of adding it at once.
    pub fn has_options(&self) -> bool {
        self.variants.len() > 1 || !self.modifiers.is_empty()
    }
    pub fn variant(&self, id: &VariantId) -> Option<&Variant> {
        self.variants.iter().find(|v| &v.id == id)
    }
    /// Price shown on the item button: the cheapest variant.
    pub fn from_price(&self) -> Money {
        self.variants
            .iter()
            .map(|v| v.price)
            .min()
            .unwrap_or(Money::lak(0))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name: Name,
    pub items: Vec<Item>,
    /// Where its items are made, so their order ticket goes there.
    pub station: Option<Station>,
}

/// A place where orders are made: each gets its own order ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Station {
    Bar,
    Kitchen,
}

impl Station {
    pub fn code(self) -> &'static str {
        match self {
            Station::Bar => "bar",
            Station::Kitchen => "kitchen",
        }
    }
    pub fn from_code(code: &str) -> Option<Station> {
        match code {
            "bar" => Some(Station::Bar),
            "kitchen" => Some(Station::Kitchen),
            _ => None,
        }
    }
    pub fn name(self) -> Name {
        match self {
            Station::Bar => Name {
                en: "BAR".into(),
                lo: "ບາ".into(),
            },
            Station::Kitchen => Name {
                en: "KITCHEN".into(),
                lo: "ຄົວ".into(),
            },
        }
    }
}

/// An item as it is most often ordered, pinned to the first tab: one tap adds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Favourite {
    pub name: Name,
    pub item: ItemId,
    pub variant: VariantId,
    /// The options chosen beyond the item's defaults: (group, option).
    pub options: Vec<(GroupId, OptionId)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Menu {
    pub currency: Currency,
    pub categories: Vec<Category>,
    pub groups: Vec<ModifierGroup>,
    /// The Favourites tab, first on the till, in this order: the file's, until a manager
    /// pins her own on the till (kept in the database, see `Till::pin_favourite`).
    pub favourites: Vec<Favourite>,
    /// The TOML text this menu was built from, so the last good menu can be kept.
    pub source: String,
}

impl Menu {
    pub fn item(&self, id: &ItemId) -> Option<&Item> {
        self.categories
            .iter()
            .flat_map(|c| &c.items)
            .find(|i| &i.id == id)
    }
    /// The station that makes this item, from its category.
    pub fn station_of(&self, item: &ItemId) -> Option<Station> {
        self.categories
            .iter()
            .find(|c| c.items.iter().any(|i| &i.id == item))
            .and_then(|c| c.station)
    }
    pub fn group(&self, id: &GroupId) -> Option<&ModifierGroup> {
        self.groups.iter().find(|g| &g.id == id)
    }
    /// The modifier groups that apply to this item in this variant, in menu order.
    pub fn groups_for<'a>(
        &'a self,
        item: &'a Item,
        variant: &'a VariantId,
    ) -> impl Iterator<Item = &'a ModifierGroup> + 'a {
        item.modifiers
            .iter()
            .filter_map(|g| self.group(g))
            .filter(move |g| g.applies_to(variant))
    }

    /// Parses and validates a menu; `file` is only used to name the source in errors.
    pub fn parse(file: &str, text: &str) -> Result<Menu, MenuError> {
        let raw: RawMenu = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| super::line_and_column(text, s.start))
                .unwrap_or_else(|| "file".into());
            MenuError {
                file: file.into(),
                entry: line,
                problem: e.message().to_owned(),
            }
        })?;
        raw.validate(file, text)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenu {
    #[serde(default = "default_currency")]
    currency: String,
    #[serde(default)]
    modifier_groups: Vec<RawGroup>,
    categories: Vec<RawCategory>,
    #[serde(default)]
    favourites: Vec<RawFavourite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFavourite {
    en: String,
    lo: String,
    item: String,
    #[serde(default)]
    variant: Option<String>,
    /// Group id = option id, for the options that differ from the item's defaults.
    #[serde(default)]
    options: std::collections::BTreeMap<String, String>,
}

fn default_currency() -> String {
    "LAK".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    en: String,
    lo: String,
    choose: Choose,
    #[serde(default)]
    only_for: Vec<String>,
    options: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: String,
    en: String,
    lo: String,
    #[serde(default)]
    price: Option<RawPrice>,
    #[serde(default)]
    default: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: String,
    en: String,
    lo: String,
    #[serde(default)]
    station: Option<Station>,
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    en: String,
    lo: String,
    #[serde(default)]
    price: Option<RawPrice>,
    #[serde(default)]
    variants: Vec<RawVariant>,
    #[serde(default)]
    modifiers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    id: String,
    en: String,
    lo: String,
    price: RawPrice,
}

/// Whole units as an integer (`15000`) or a decimal as text (`"45.50"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawPrice {
    Whole(i64),
    Text(String),
}

impl RawMenu {
    fn validate(self, file: &str, source: &str) -> Result<Menu, MenuError> {
        let err = |entry: &str, problem: String| MenuError {
            file: file.into(),
            entry: entry.into(),
            problem,
        };
        let currency: Currency = self
            .currency
            .parse()
            .map_err(|e: super::money::MoneyError| err("currency", e.to_string()))?;
        let price = |entry: &str, p: &RawPrice| -> Result<Money, MenuError> {
            let m = match p {
                RawPrice::Whole(n) => n
                    .checked_mul(10i64.pow(currency.decimals()))
                    .map(|minor| Money::new(currency, minor))
                    .ok_or_else(|| err(entry, format!("price {n} is too large")))?,
                RawPrice::Text(t) => {
                    Money::parse(currency, t).map_err(|e| err(entry, e.to_string()))?
                }
            };
            if m.is_negative() {
                return Err(err(entry, format!("price {m} is negative")));
            }
            if m.minor() > 1_000_000_000_000 {
                return Err(err(entry, format!("price {m} is absurdly large")));
            }
            Ok(m)
        };
        let name = |entry: &str, en: String, lo: String| -> Result<Name, MenuError> {
            if en.trim().is_empty() {
                return Err(err(entry, "the English name (en) is empty".into()));
            }
            if lo.trim().is_empty() {
                return Err(err(entry, "the Lao name (lo) is empty".into()));
            }
            Ok(Name { en, lo })
        };
        let check_id =
            |entry: &str, id: &str, seen: &mut HashSet<String>| -> Result<(), MenuError> {
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(err(
                        entry,
                        format!("id {id:?} must be letters, digits, '-' or '_'"),
                    ));
                }
                if !seen.insert(id.to_owned()) {
                    return Err(err(entry, format!("id {id:?} is used twice")));
                }
                Ok(())
            };

        let mut groups = Vec::new();
        let mut group_ids = HashSet::new();
        for g in self.modifier_groups {
            let entry = format!("modifier group {:?}", g.id);
            check_id(&entry, &g.id, &mut group_ids)?;
            if g.options.is_empty() {
                return Err(err(&entry, "it has no options".into()));
            }
            let mut option_ids = HashSet::new();
            let mut options = Vec::new();
            for o in g.options {
                let oentry = format!("{entry}, option {:?}", o.id);
                check_id(&oentry, &o.id, &mut option_ids)?;
                let delta = match &o.price {
                    Some(p) => price(&oentry, p)?,
                    None => Money::zero(currency),
                };
                options.push(ModOption {
                    id: OptionId(o.id),
                    name: name(&oentry, o.en, o.lo)?,
                    delta,
                    default: o.default,
                });
            }
            let defaults = options.iter().filter(|o| o.default).count();
            if g.choose == Choose::One && defaults != 1 {
                return Err(err(
                    &entry,
                    format!(
                        "a choose-one group needs exactly one default option, it has {defaults}"
                    ),
                ));
            }
            groups.push(ModifierGroup {
                id: GroupId(g.id),
                name: name(&entry, g.en, g.lo)?,
                choose: g.choose,
                only_for: g.only_for.into_iter().map(VariantId).collect(),
                options,
            });
        }

        if self.categories.is_empty() {
            return Err(err("categories", "the menu has no categories".into()));
        }
        let mut categories = Vec::new();
        let mut cat_ids = HashSet::new();
        let mut item_ids = HashSet::new();
        for c in self.categories {
            let entry = format!("category {:?}", c.id);
            check_id(&entry, &c.id, &mut cat_ids)?;
            if c.items.is_empty() {
                return Err(err(&entry, "it has no items".into()));
            }
            let mut items = Vec::new();
            for i in c.items {
                let ientry = format!("item {:?}", i.id);
                check_id(&ientry, &i.id, &mut item_ids)?;
                let variants = match (&i.price, i.variants.is_empty()) {
                    (Some(p), true) => vec![Variant {
                        id: VariantId(String::new()),
                        name: Name {
                            en: String::new(),
                            lo: String::new(),
                        },
                        price: price(&ientry, p)?,
                    }],
                    (None, false) => {
                        let mut seen = HashSet::new();
                        let mut vs = Vec::new();
                        for v in i.variants {
                            let ventry = format!("{ientry}, variant {:?}", v.id);
                            check_id(&ventry, &v.id, &mut seen)?;
                            vs.push(Variant {
                                price: price(&ventry, &v.price)?,
                                name: name(&ventry, v.en, v.lo)?,
                                id: VariantId(v.id),
                            });
                        }
                        vs
                    }
                    (Some(_), false) => {
                        return Err(err(
                            &ientry,
                            "give either a price or variants with prices, not both".into(),
                        ));
                    }
                    (None, true) => return Err(err(&ientry, "it has no price".into())),
                };
                if let Some(g) = i
                    .modifiers
                    .iter()
                    .find(|g| !groups.iter().any(|x| x.id.0 == **g))
                {
                    return Err(err(&ientry, format!("modifier group {g:?} does not exist")));
                }
                items.push(Item {
                    id: ItemId(i.id),
                    name: name(&ientry, i.en, i.lo)?,
                    variants,
                    modifiers: i.modifiers.into_iter().map(GroupId).collect(),
                });
            }
            categories.push(Category {
                name: name(&entry, c.en, c.lo)?,
                id: c.id,
                items,
                station: c.station,
            });
        }
        let mut menu = Menu {
            currency,
            categories,
            groups,
            favourites: Vec::new(),
            source: source.to_owned(),
        };
        for (n, f) in self.favourites.into_iter().enumerate() {
            let entry = format!("favourite {} ({:?})", n + 1, f.en);
            let name = name(&entry, f.en, f.lo)?;
            let item = menu
                .item(&ItemId(f.item.clone()))
                .ok_or_else(|| err(&entry, format!("item {:?} is not on the menu", f.item)))?;
            let variant = match f.variant {
                Some(v) => item
                    .variant(&VariantId(v.clone()))
                    .map(|x| x.id.clone())
                    .ok_or_else(|| err(&entry, format!("{:?} has no variant {v:?}", f.item)))?,
                None => item.variants[0].id.clone(),
            };
            let mut options = Vec::new();
            for (g, o) in f.options {
                let group = menu
                    .groups_for(item, &variant)
                    .find(|x| x.id.0 == g)
                    .ok_or_else(|| {
                        err(&entry, format!("modifier group {g:?} does not apply to it"))
                    })?;
                if group.option(&OptionId(o.clone())).is_none() {
                    return Err(err(
                        &entry,
                        format!("modifier group {g:?} has no option {o:?}"),
                    ));
                }
                options.push((GroupId(g), OptionId(o)));
            }
            let favourite = Favourite {
                name,
                item: item.id.clone(),
                variant,
                options,
            };
            menu.favourites.push(favourite);
        }
        Ok(menu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[[modifier_groups]]
id = "sugar"
en = "Sugar"
lo = "ນ້ຳຕານ"
choose = "one"
options = [
  { id = "50", en = "50 %", lo = "50 %" },
  { id = "100", en = "100 %", lo = "100 %", default = true },
]

[[categories]]
id = "coffee"
en = "Coffee"
lo = "ກາເຟ"
[[categories.items]]
id = "lao-coffee"
en = "Lao coffee"
lo = "ກາເຟລາວ"
variants = [
  { id = "hot", en = "Hot", lo = "ຮ້ອນ", price = 15000 },
  { id = "iced", en = "Iced", lo = "ເຢັນ", price = 20000 },
]
modifiers = ["sugar"]
"#;

    #[test]
    fn parses_a_valid_menu() {
        let m = Menu::parse("menu.toml", SMALL).unwrap();
        let item = m.item(&"lao-coffee".into()).unwrap();
        assert_eq!(item.variants[1].price, Money::lak(20_000));
        assert!(item.has_options());
        assert_eq!(item.from_price(), Money::lak(15_000));
    }

    #[test]
    fn the_shipped_menu_is_valid() {
        let m = Menu::parse("assets/menu.toml", include_str!("../../assets/menu.toml")).unwrap();
        assert!(m.categories.len() >= 5);
    }

    fn broken(from: &str, to: &str) -> String {
        Menu::parse("menu.toml", &SMALL.replace(from, to))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_name_file_entry_and_problem() {
        let e = broken(r#"modifiers = ["sugar"]"#, r#"modifiers = ["syrup"]"#);
        assert_eq!(
            e,
            r#"menu menu.toml: item "lao-coffee": modifier group "syrup" does not exist"#
        );
        let e = broken("price = 20000", "price = -5");
        assert!(
            e.contains(r#"variant "iced""#) && e.contains("negative"),
            "{e}"
        );
        let e = broken(r#"lo = "ກາເຟລາວ""#, r#"lo = """#);
        assert!(
            e.contains(r#"item "lao-coffee""#) && e.contains("Lao name"),
            "{e}"
        );
        let e = broken(r#", default = true"#, "");
        assert!(e.contains("exactly one default"), "{e}");
        let e = broken("price = 15000 }", "price = 15000 ");
        assert!(e.starts_with("menu menu.toml: line "), "{e}");
    }
}
