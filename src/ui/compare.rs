//! One list (allowlist, bans, IP bans, operators) side by side across the connected servers,
//! and making some servers' list equal to one server's: the changes are reviewed per server
//! before anything is sent, then each server gets at most two calls (remove, then add).

use crate::fleet::Fleet;
use crate::i18n::{fill, t};
use crate::session::Link;
use crate::ui::bulk::outcome_text;
use crate::ui::flow::{each, keyed};
use crate::ui::widgets::{fold, FormError};
use leptos::prelude::*;
use msmp::catalog::Group;
use msmp::fleet::bulk::Outcome;
use msmp::fleet::compare::{compare_lists, equalize_lists, Diff};
use msmp::fleet::entry::{entries, Entry};
use msmp::model::Slice;
use std::collections::BTreeSet;

const GROUPS: [Group; 4] = [
    Group::Allowlist,
    Group::Bans,
    Group::IpBans,
    Group::Operators,
];
/// Rows of the comparison drawn at most; the filter narrows the rest.
const SHOWN: usize = 100;

fn title(g: Group) -> &'static str {
    let s = t();
    match g {
        Group::Bans => s.page_bans,
        Group::IpBans => s.page_ip_bans,
        Group::Operators => s.page_operators,
        _ => s.page_allowlist,
    }
}

fn slice(g: Group) -> Slice {
    match g {
        Group::Bans => Slice::Bans,
        Group::IpBans => Slice::IpBans,
        Group::Operators => Slice::Operators,
        _ => Slice::Allowlist,
    }
}

/// How a server holds an entry, in a word: its terms where the list has any.
fn terms(e: &Entry) -> String {
    match e {
        Entry::Ban(b) => b.reason.clone().unwrap_or_else(|| "✓".into()),
        Entry::IpBan(b) => b.reason.clone().unwrap_or_else(|| "✓".into()),
        Entry::Op(o) => fill(t().lookup_level, &[&o.permission_level.unwrap_or(4)]),
        Entry::Player(_) => "✓".into(),
    }
}

type Lists = Vec<(u32, String, Vec<Entry>)>;

#[component]
pub fn CompareLists() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let group = RwSignal::new(Group::Allowlist);
    let filter = RwSignal::new(String::new());
    let source = RwSignal::new(None::<u32>);
    let targets = RwSignal::new(BTreeSet::<u32>::new());
    let review = RwSignal::new(Vec::<(u32, String, Diff)>::new());
    let error = RwSignal::new(None::<String>);
    // Per target being changed: its name and the outcome of each call (None while out).
    let results = RwSignal::new(Vec::<(u32, String, Vec<Option<Outcome>>)>::new());
    // The chosen list of every connected server, live.
    let lists = Memo::new(move |_| -> Lists {
        let g = group.get();
        fleet
            .members
            .get()
            .iter()
            .filter(|m| m.session.link.with(Link::is_open))
            .map(|m| {
                (
                    m.id,
                    m.label(),
                    m.session.model.with(slice(g), |model| entries(g, model)),
                )
            })
            .collect()
    });
    let table = move || {
        lists.with(|all| {
            let rows = compare_lists(all.iter().map(|(id, _, e)| (*id, e.clone())));
            let needle = fold(&filter.get());
            let hits: Vec<_> = rows.into_iter().filter(|r| fold(r.label()).contains(&needle)).collect();
            let total = hits.len();
            let servers: Vec<(u32, String)> = all.iter().map(|(id, name, _)| (*id, name.clone())).collect();
            view! {
                {(total > SHOWN).then(|| view! { <p role="status">{fill(t().compare_shown, &[&SHOWN, &total])}</p> }.into_any())}
                <div class="table-scroll">
                    <table aria-label=t().compare_table>
                        <thead><tr>
                            <th>{t().compare_entry}</th>
                            {each(servers.clone(), |(_, name)| view! { <th>{name}</th> })}
                        </tr></thead>
                        <tbody>
                            {each(hits.into_iter().take(SHOWN), move |row| {
                                let cells: Vec<String> = servers.iter().map(|(id, _)| row.held_by(*id).map(terms).unwrap_or_else(|| "—".into())).collect();
                                view! {
                                    <tr class=if row.differs { "differs" } else { "" }>
                                        <td>{row.label().to_string()}{row.differs.then(|| format!(" ({})", t().compare_differs))}</td>
                                        {each(cells, |c| view! { <td>{c}</td> })}
                                    </tr>
                                }
                            })}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    // While calls are out, no new review: its plan would cross theirs.
    let busy = move || results.with(|r| r.iter().any(|x| x.2.iter().any(Option::is_none)));
    let make_review = move |_| {
        results.set(Vec::new());
        let (Some(from), chosen) = (source.get_untracked(), targets.get_untracked()) else {
            return error.set(Some(t().compare_no_target.into()));
        };
        let g = group.get_untracked();
        let diffs: Vec<_> = lists.with_untracked(|all| {
            let Some((_, _, src)) = all.iter().find(|(id, _, _)| *id == from) else {
                return Vec::new();
            };
            all.iter()
                .filter(|(id, _, _)| *id != from && chosen.contains(id))
                .map(|(id, name, theirs)| {
                    (
                        *id,
                        name.clone(),
                        equalize_lists(g, src.clone(), theirs.clone()),
                    )
                })
                .collect()
        });
        error.set(diffs.is_empty().then(|| t().compare_no_target.into()));
        review.set(diffs);
    };
    let apply = move |_| {
        let planned = review.get_untracked();
        review.set(Vec::new());
        let members = fleet.members.get_untracked();
        results.set(
            planned
                .iter()
                .filter(|(_, _, d)| !d.is_empty())
                .map(|(id, name, d)| (*id, name.clone(), vec![None; d.actions().len()]))
                .collect(),
        );
        for (id, _, diff) in planned.into_iter().filter(|(_, _, d)| !d.is_empty()) {
            let Some(m) = members.iter().find(|m| m.id == id).copied() else {
                continue;
            };
            leptos::task::spawn_local(async move {
                // In order: the removal, then the add (which also carries changed terms).
                for (i, action) in diff.actions().into_iter().enumerate() {
                    let outcome = m.run(&action).await;
                    results.update(|all| {
                        if let Some(slot) = all
                            .iter_mut()
                            .find(|r| r.0 == id)
                            .and_then(|r| r.2.get_mut(i))
                        {
                            *slot = Some(outcome);
                        }
                    });
                }
            });
        }
    };
    let servers = move || {
        lists.with(|all| {
            all.iter()
                .map(|(id, name, _)| (*id, name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="toolbar">
            <label>{t().compare_list}" "
                <select on:change=move |ev| {
                    let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                    group.set(GROUPS[i.min(3)]);
                    review.set(Vec::new());
                }>
                    {each(GROUPS.iter().enumerate(), |(i, g)| view! { <option value=i.to_string()>{title(*g)}</option> })}
                </select>
            </label>
            <label>{t().filter_label}" "
                <input type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
            </label>
        </div>
        {table}
        <section class="card" aria-labelledby="equalize-heading">
            <h3 id="equalize-heading">{t().compare_equalize}</h3>
            <label for="equalize-source">{t().compare_source}</label>
            <select id="equalize-source" on:change=move |ev| {
                source.set(event_target_value(&ev).parse().ok());
                review.set(Vec::new());
            }>
                <option value="">"—"</option>
                {keyed(servers, |(id, name)| format!("{id}\u{0}{name}"), |(id, name)| view! { <option value=id.to_string()>{name}</option> })}
            </select>
            <fieldset>
                <legend>{t().compare_targets}</legend>
                {keyed(servers, |(id, name)| format!("{id}\u{0}{name}"), move |(id, name)| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || targets.with(|c| c.contains(&id))
                            on:change=move |ev| {
                                targets.update(|c| if event_target_checked(&ev) { c.insert(id); } else { c.remove(&id); });
                                review.set(Vec::new());
                            }/>
                        {name}
                    </label>
                })}
            </fieldset>
            <FormError error=error/>
            <button type="button" on:click=make_review disabled=busy>{t().compare_review}</button>
        </section>
        {move || (!review.with(Vec::is_empty)).then(|| {
            let planned = review.get();
            let changing = planned.iter().filter(|(_, _, d)| !d.is_empty()).count();
            view! {
                <section class="card" aria-label=t().compare_review_heading>
                    {each(planned, |(_, name, d)| {
                        let lines = d.remove.iter().map(|e| format!("− {}", e.label()))
                            .chain(d.add.iter().map(|e| format!("+ {}", e.label())))
                            .chain(d.change.iter().map(|(was, now)| format!("≠ {}: {} → {}", now.label(), terms(was), terms(now))))
                            .collect::<Vec<_>>();
                        view! {
                            <h4>{if d.is_empty() { fill(t().compare_equal, &[&name]) } else {
                                fill(t().compare_summary, &[&name, &d.add.len(), &d.remove.len(), &d.change.len()])
                            }}</h4>
                            <ul class="diff">{each(lines, |l| view! { <li>{l}</li> })}</ul>
                        }
                    })}
                    <button type="button" on:click=apply disabled=changing == 0>{fill(t().compare_apply, &[&changing])}</button>
                </section>
            }
            .into_any()
        })}
        {move || (!results.with(Vec::is_empty)).then(|| view! {
            <div class="table-scroll"><table aria-label=t().bulk_results>
                <thead><tr><th>{t().fleet_name}</th><th>{t().bulk_outcome}</th></tr></thead>
                <tbody>
                    {each(results.get().into_iter().map(|r| (r.0, r.1)), move |(id, name)| view! {
                        <tr>
                            <td>{name}</td>
                            <td>{move || results.with(|all| all.iter().find(|r| r.0 == id).map(|r| {
                                r.2.iter().map(|o| o.as_ref().map(outcome_text).unwrap_or_else(|| t().bulk_waiting.into())).collect::<Vec<_>>().join("; ")
                            }))}</td>
                        </tr>
                    })}
                </tbody>
            </table></div>
        }.into_any())}
    }
}
