//! One editor for the allowlist, bans, IP bans and operators, driven by
//! `msmp::catalog::LISTS`: the filterable table and removing the selected entries
//! (confirmed) here, in the start module where the table is fastest; the add, replace and
//! clear forms in `list_forms` (a chunk).

use crate::i18n::{column, fill, number, t};
use crate::logic::lists::{self, Row, Table};
use crate::session::Session;
use crate::ui::flow::{each, keyed, show};
use crate::ui::lazy;
use crate::ui::pager::{Pager, PagerNav};
use crate::ui::widgets::{
    fold, unavailable, Action, ActionButton, Confirm, ConfirmDialog, NotOffered, OutcomeView,
};
use leptos::prelude::*;
use msmp::catalog::{self, Group, ListSpec};
use msmp::model::Slice;
use serde_json::Value;
use std::collections::BTreeSet;

/// What the list's forms (`list_forms`) need from its page (context of the page).
#[derive(Clone, Copy)]
pub struct ListForms {
    pub spec: &'static ListSpec,
    /// The entries with what their removal sends.
    pub rows: Memo<Vec<Row>>,
}

pub(crate) fn len_of(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

/// The list's name in a sentence: "Remove 3 entries from the allowlist?".
pub fn list_name(group: Group) -> &'static str {
    let s = t();
    match group {
        Group::Allowlist => s.list_name_allowlist,
        Group::Bans => s.list_name_bans,
        Group::IpBans => s.list_name_ip_bans,
        Group::Operators => s.list_name_operators,
        _ => "",
    }
}

#[component]
pub fn ListEditor(
    group: Group,
    /// Whether the page is on screen: a hidden page keeps its forms but drops its rows.
    #[prop(optional, into)]
    visible: Option<Signal<bool>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let Some(spec) = catalog::list(group) else {
        return ().into_any();
    };
    let visible = visible.unwrap_or(Signal::derive(|| true));
    let slice = Slice::of_group(group);
    // Rebuilt only when this list changes, and only while read: `shown` by the table on
    // screen, `rows` (with what actions send) only when an action runs. Comparing 10,000
    // rows would cost as much as building them, so every rebuild counts as a change.
    let rows = Memo::new_with_compare(
        move |_| session.model.with(slice, |m| lists::rows(group, m)),
        |_, _| true,
    );
    // The table follows the list by its edits: one change to 10,000 entries redraws one row.
    let table = Memo::new_owning(move |prev: Option<(u64, Table)>| {
        let store = session.model;
        let generation = store.generation(slice);
        let table = store.with(slice, |m| match prev {
            Some((seen, t)) if seen == generation => t,
            Some((seen, mut t)) => match store.edits_since(slice, seen) {
                Some(edits) => {
                    t.apply(&edits, group, m, &fold);
                    t
                }
                None => Table::build(group, m, &fold),
            },
            None => Table::build(group, m, &fold),
        });
        ((generation, table), true)
    });
    let filter = RwSignal::new(String::new());
    let pager = Pager::new();
    let selected = RwSignal::new(BTreeSet::<String>::new());
    // Indices of the rows the filter keeps.
    let matching = Memo::new(move |_| {
        let needle = fold(&filter.get());
        table.with(|(_, t)| {
            let f = &t.folded;
            (0..f.len())
                .filter(|i| lists::has_part(&f[*i], &needle))
                .collect::<Vec<usize>>()
        })
    });
    let total = Signal::derive(move || matching.with(Vec::len));
    let on_screen = move || {
        let range = pager.window(total.get());
        matching.with(|m| {
            table.with(|(_, t)| {
                m[range]
                    .iter()
                    .map(|i| t.rows[*i].clone())
                    .collect::<Vec<Row>>()
            })
        })
    };
    let count = move || session.model.with(slice, |m| lists::len(group, m));
    // Entries that disappear (removed here or by someone else) are no longer selected.
    Effect::new(move |_| {
        session.model.with(slice, |m| {
            if selected.with_untracked(|s| !s.is_empty()) {
                let mut keys = BTreeSet::new();
                for key in lists::keys(group, m) {
                    keys.insert(key);
                }
                selected.update(|s| s.retain(|k| keys.contains(k)));
            }
        })
    });
    let remove = Action::new();
    let confirm = Confirm::new();
    let submit_remove = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = selected.get_untracked();
        let (args, names): (Vec<Value>, Vec<String>) = rows.with_untracked(|r| {
            r.iter()
                .filter(|r| chosen.contains(&r.key))
                .map(|r| (r.remove_arg.clone(), r.cells[0].clone()))
                .unzip()
        });
        if args.is_empty() {
            return remove.invalid(t().select_none);
        }
        let question = match &names[..] {
            [one] => fill(t().remove_one_confirm, &[one, &list_name(group)]),
            _ => fill(t().remove_confirm, &[&names.len(), &list_name(group)]),
        };
        confirm.ask(remove, question, move || {
            let before = rows.with_untracked(Vec::len);
            remove.run(session, spec.remove, Some(Value::Array(args)), move |v| {
                fill(t().removed, &[&before.saturating_sub(len_of(v))])
            });
        });
    };
    let cols = lists::columns(group);
    // A server without this list's getter (a bridge may lack a group) says so, no table.
    let not_offered = unavailable(session, spec.get);
    let offered = move || not_offered.get().is_none();
    view! {
        <section class="card" aria-label=t().list_region>
            <form on:submit=submit_remove>
                <div class="toolbar">
                    <label>{t().filter_label}" "<input type="search" prop:value=move || filter.get()
                        on:input=move |ev| { pager.first(); filter.set(event_target_value(&ev)); }/></label>
                    <span class="count" role="status" aria-live="off">{move || fill(t().list_count, &[&number(count())])}</span>
                </div>
                <NotOffered method=spec.get/>
                {show(move || visible.get() && offered(), move || view! {
                    <div class="table-scroll"><table class="list" aria-rowcount=move || (total.get() + 1).to_string()>
                        <thead><tr aria-rowindex="1">
                            <th><span class="sr-only">{t().select_column}</span></th>
                            {each(cols.iter(), |c| view! { <th>{column(c)}</th> })}
                        </tr></thead>
                        // A changed selection is asked about again.
                        <tbody on:input=move |_| confirm.cancel()>
                            // Keyed by content too, so an entry changed in place is redrawn.
                            {keyed(on_screen, |r| format!("{}\u{0}{}", r.key, r.cells.join("\u{0}")),
                                move |row| view! { <ListRow row=row selected=selected players=group != Group::IpBans/> })}
                        </tbody>
                    </table></div>
                    <PagerNav pager=pager total=total label=t().list_pages/>
                })}
                {show(move || count() == 0 && offered(), move || view! {<p>{t().list_empty}</p>})}
                <ActionButton action=remove method=spec.remove label=t().remove_selected danger=true/>
                <ConfirmDialog confirm=confirm title=t().remove_selected yes=t().confirm_remove/>
                <OutcomeView action=remove/>
            </form>
        </section>
        {
            provide_context(ListForms { spec, rows });
            lazy::page(|| Box::pin(lazy::list_forms()), visible)
        }
    }
    .into_any()
}

#[component]
fn ListRow(
    row: Row,
    selected: RwSignal<BTreeSet<String>>,
    /// Whether the list holds players (not addresses).
    players: bool,
) -> impl IntoView {
    let key = row.key.clone();
    let key2 = row.key.clone();
    let aria = fill(t().select_player, &[&row.cells[0]]);
    // A player's name opens their details; an address is only text.
    // (Rows on screen carry no JSON: the player is read back from the name or UUID shown.)
    let who = players
        .then(|| crate::logic::entries::parse_players(&row.cells[0]).ok())
        .flatten()
        .and_then(|mut p| p.pop());
    let open = super::player_opener();
    let mut cells = row.cells.into_iter();
    let first = cells.next().unwrap_or_default();
    let title = fill(t().player_details_of, &[&first]);
    let first = match who.zip(open) {
        Some((p, open)) => view! { <button type="button" class="link" title=title
        on:click=move |_| open(p.clone())>{first}</button> }
        .into_any(),
        None => first.into_any(),
    };
    view! {
        <tr>
            <td><label class="hit"><input type="checkbox" aria-label=aria
                prop:checked=move || selected.with(|s| s.contains(&key))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        if on { s.insert(key2.clone()); } else { s.remove(&key2); }
                    });
                }/></label></td>
            <td>{first}</td>
            {each(cells.collect::<Vec<_>>(), |c| view! { <td>{c}</td> })}
        </tr>
    }
}
