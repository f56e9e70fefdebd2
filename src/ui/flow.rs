//! Keyed lists, fixed lists and conditional content for any view, each through one
//! type-erased instantiation. Leptos' `<For>` and `<Show>` are generic over their closures and views,
//! so every use carried its own copy of the diffing and switching code: together about
//! 14 KB of gzip in the release bundle, measured side by side.

use leptos::prelude::*;
use msmp::types::Player;
use std::sync::Arc;

/// A player's key in a keyed list: both halves of the profile, so a row is redrawn when
/// the server fills in a name or id it lacked.
pub fn player_row_key(p: &Player) -> String {
    format!(
        "{}\u{0}{}",
        p.id.as_deref().unwrap_or_default(),
        p.name.as_deref().unwrap_or_default()
    )
}

/// How to draw one row of a [`keyed`] list (once: a row is drawn when its key appears).
type RowView = Box<dyn FnOnce() -> AnyView + Send + Sync>;

/// A keyed list (`<For>`) for any item type. Leptos' keyed diffing is generic over the
/// item, key, closures and row view, so every `<For>` carried its own copy of it (4–6 KB
/// of wasm each); here every list goes through the one instantiation in [`keyed_rows`].
/// As with `<For>`, a row is drawn once per key: put whatever must redraw it in the key.
pub fn keyed<T, V>(
    items: impl Fn() -> Vec<T> + Send + Sync + 'static,
    key: impl Fn(&T) -> String + Send + Sync + 'static,
    row: impl Fn(T) -> V + Send + Sync + 'static,
) -> AnyView
where
    T: Send + Sync + 'static,
    V: IntoView + 'static,
{
    let row = Arc::new(row);
    keyed_rows(Box::new(move || {
        items()
            .into_iter()
            .map(|item| {
                let row = row.clone();
                let key = key(&item);
                let draw: RowView = Box::new(move || row(item).into_any());
                (key, draw)
            })
            .collect()
    }))
}

fn keyed_rows(rows: Box<dyn Fn() -> Vec<(String, RowView)> + Send + Sync>) -> AnyView {
    view! { <For each=move || rows() key=|r| r.0.clone() children=|(_, draw)| draw()/> }.into_any()
}

/// A fixed list of views, drawn once. `collect_view` keeps each row's element type, so
/// every list of `<td>`, `<option>`, `<li>`... carried its own copy of the list code;
/// erased rows share one.
pub fn each<T, V: IntoView + 'static>(
    items: impl IntoIterator<Item = T>,
    row: impl Fn(T) -> V,
) -> impl IntoView {
    items
        .into_iter()
        .map(|item| row(item).into_any())
        .collect_view()
}

type DrawFn = Box<dyn Fn() -> AnyView + Send + Sync>;

/// `<Show>` without a fallback; see [`show_or`].
pub fn show<V: IntoView + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> V + Send + Sync + 'static,
) -> AnyView {
    show_or(when, view, || ())
}

/// `<Show>` for any content: draws `view` while `when` holds, else `fallback`, redrawing
/// only when `when` flips. `<Show>` is generic over its closures and both views, one copy
/// per use; this is one instantiation for the whole app.
pub fn show_or<V: IntoView + 'static, F: IntoView + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> V + Send + Sync + 'static,
    fallback: impl Fn() -> F + Send + Sync + 'static,
) -> AnyView {
    shown(
        Box::new(when),
        Box::new(move || view().into_any()),
        Box::new(move || fallback().into_any()),
    )
}

fn shown(when: Box<dyn Fn() -> bool + Send + Sync>, view: DrawFn, fallback: DrawFn) -> AnyView {
    let when = Memo::new(move |_| when());
    // `Some`: conditional views elsewhere are `Option<AnyView>`, and one closure result type
    // for all of them means one render-effect instantiation in the bundle.
    (move || Some(if when.get() { view() } else { fallback() })).into_any()
}
