//! The palette's fuzzy search over every node's name and description
//! (nucleo's matcher), and the quick-add filter for a dropped wire.

use floe_engine::{DataType, NodeDef, PinType, can_connect};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// A wire being dropped on empty canvas: only nodes that can take its other end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WireEnd {
    /// The dragged pin's type.
    pub ty: PinType,
    /// Whether the drag started at an output (so the new node needs an input).
    pub from_output: bool,
}

/// A search hit: the definition and, for a wire end, the pin it connects to.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit<'a> {
    /// The node definition.
    pub def: &'a NodeDef,
    /// Higher is better.
    pub score: u32,
    /// The pin of the new node that takes the wire.
    pub pin: Option<String>,
}

/// The first pin of `def` that fits `end` (its type parameter's types included).
pub fn fitting_pin(def: &NodeDef, end: WireEnd) -> Option<&str> {
    def.pins
        .iter()
        .filter(|p| p.is_input() == end.from_output)
        .find(|p| {
            let fits = |ty: PinType| {
                if end.from_output { can_connect(end.ty, ty).is_ok() } else { can_connect(ty, end.ty).is_ok() }
            };
            match p.type_param.as_ref().and_then(|t| def.type_params.get(t)) {
                Some(allowed) if end.ty.data != DataType::Generic => {
                    allowed.iter().any(|&d| fits(PinType::new(d, p.value_type)))
                }
                _ => fits(p.ty()),
            }
        })
        .map(|p| p.name.as_str())
}

/// Whether the palette offers `def`: every node but the built-in `testing.*`
/// ones, which exist to prove how Floe behaves when a run goes wrong.
pub fn is_listed(def: &NodeDef) -> bool {
    // A flattened instance's boundary exists only in the engine's view.
    !(def.name.starts_with("testing.") && def.category == "Testing") && def.name != "subflow.pass"
}

/// Definitions matching `query` (all of them when it is blank), best first;
/// with `end`, only those with a pin that fits the wire. Unlisted nodes
/// (`is_listed`) never appear.
pub fn search<'a>(defs: impl IntoIterator<Item = &'a NodeDef>, query: &str, end: Option<WireEnd>) -> Vec<Hit<'a>> {
    let pattern = Pattern::parse(query.trim(), CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut score = |text: &str, matcher: &mut Matcher| pattern.score(Utf32Str::new(text, &mut buf), matcher);
    let mut hits: Vec<Hit<'a>> = defs
        .into_iter()
        .filter(|def| is_listed(def))
        .filter_map(|def| {
            let pin = match end {
                Some(end) => Some(fitting_pin(def, end)?.to_owned()),
                None => None,
            };
            if query.trim().is_empty() {
                return Some(Hit { def, score: 0, pin });
            }
            let all = format!("{} {} {} {}", def.friendly_name, def.name, def.category, def.description);
            let base = score(&all, &mut matcher)?;
            let title = score(&def.friendly_name, &mut matcher).unwrap_or(0);
            let name = score(&def.name, &mut matcher).unwrap_or(0);
            Some(Hit { def, score: base + 4 * title + 2 * name, pin })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| category_rank(&a.def.category).cmp(&category_rank(&b.def.category)))
            .then_with(|| a.def.category.cmp(&b.def.category))
            .then_with(|| a.def.friendly_name.cmp(&b.def.friendly_name))
    });
    hits
}

/// The built-in categories in the order a new user meets them.
const ORDER: &[&str] = &["Events", "Values", "Math", "Logic", "Text", "Data", "Convert", "Time", "Flow", "Output"];

/// Where a category comes in the palette: built-in ones as in `ORDER`, then
/// others, `Custom` last.
fn category_rank(category: &str) -> (u8, usize) {
    let top = top_category(category);
    match ORDER.iter().position(|o| *o == top) {
        Some(i) => (0, i),
        None if top == "Custom" => (2, 0),
        None => (1, 0),
    }
}

/// Palette categories in display order: the built-in ones as in `ORDER`,
/// others alphabetically, `Custom` last.
pub fn categories<'a>(defs: impl IntoIterator<Item = &'a NodeDef>) -> Vec<String> {
    let mut cats: Vec<String> =
        defs.into_iter().filter(|d| is_listed(d)).map(|d| top_category(&d.category).to_owned()).collect();
    cats.sort_by(|a, b| category_rank(a).cmp(&category_rank(b)).then_with(|| a.cmp(b)));
    cats.dedup();
    cats
}

/// `Custom/Text` → `Custom`.
pub fn top_category(category: &str) -> &str {
    category.split('/').next().unwrap_or(category)
}

#[cfg(test)]
mod tests {
    use super::*;
    use floe_engine::Catalog;

    #[test]
    fn finds_by_name_and_description() {
        let catalog = Catalog::builtin();
        let hits = search(catalog.defs(), "add", None);
        assert_eq!(hits[0].def.name, "math.add", "{:?}", hits.iter().take(3).map(|h| &h.def.name).collect::<Vec<_>>());
        let hits = search(catalog.defs(), "csv", None);
        assert!(hits.iter().take(2).any(|h| h.def.name == "data.csv_parse"));
        // Words from the description count too.
        let hits = search(catalog.defs(), "uppercase", None);
        assert!(hits.iter().any(|h| h.def.name == "text.upper"), "{hits:?}");
        assert!(search(catalog.defs(), "zzzzqqq", None).is_empty());
        assert_eq!(search(catalog.defs(), "  ", None).len(), catalog.defs().filter(|d| is_listed(d)).count());
        assert!(catalog.defs().any(|d| d.name == "testing.crash"));
        let hits = search(catalog.defs(), "crash", None);
        assert!(!hits.iter().any(|h| h.def.name.starts_with("testing.")), "testing nodes stay out of the palette");
        assert!(!categories(catalog.defs()).iter().any(|c| c == "Testing"));
    }

    #[test]
    fn a_dropped_wire_only_offers_fitting_nodes() {
        let catalog = Catalog::builtin();
        let end = WireEnd { ty: PinType::normal(DataType::String), from_output: true };
        let hits = search(catalog.defs(), "", Some(end));
        assert!(hits.iter().any(|h| h.def.name == "text.upper" && h.pin.as_deref() == Some("text")));
        assert!(!hits.iter().any(|h| h.def.name == "math.add"), "a String does not flow into a Float");
        let exec = WireEnd { ty: PinType::EXEC, from_output: true };
        let hits = search(catalog.defs(), "", Some(exec));
        assert!(hits.iter().any(|h| h.def.name == "output.debug_log"));
        for h in &hits {
            let pin = h.def.pins.iter().find(|p| Some(p.name.as_str()) == h.pin.as_deref()).unwrap();
            assert!(pin.is_input() && pin.ty().is_exec(), "{}: {}", h.def.name, pin.name);
        }
    }

    #[test]
    fn categories_put_custom_last() {
        let catalog = Catalog::builtin();
        let cats = categories(catalog.defs());
        assert_eq!(cats.first().map(String::as_str), Some("Events"));
        assert!(cats.contains(&"Math".to_owned()) && !cats.contains(&"Custom".to_owned()));
        assert_eq!(top_category("Custom/Text"), "Custom");
    }
}
