//! A player across the servers of the tab: on which they are online, and how each one's
//! allowlist, bans and operators treat them; then any of those servers can be chosen for a
//! bulk action on that player. (Whether a player is IP-banned is not knowable: MSMP never
//! tells a player's address.)

use super::Page;
use crate::fleet::Fleet;
use crate::i18n::{fill, t};
use crate::logic::entries::parse_players;
use crate::session::Link;
use crate::ui::bulk::BulkDraft;
use crate::ui::flow::keyed;
use crate::ui::widgets::FormError;
use leptos::prelude::*;
use msmp::fleet::lookup::{find_player, Fact, Standing};
use msmp::model::Slice;
use msmp::types::Player;
use std::collections::BTreeSet;

fn yes_no<T>(f: &Fact<T>, yes: impl FnOnce(&T) -> String) -> String {
    match f {
        Fact::Unknown => t().lookup_unknown.into(),
        Fact::No => t().lookup_no.into(),
        Fact::Yes(x) => yes(x),
    }
}

/// Where the player stands on every server of the tab, live.
fn standings(fleet: Fleet, who: &Player) -> (Vec<Player>, Vec<(u32, String, Standing)>) {
    let members = fleet.members.get();
    let read = |m: &crate::fleet::Member, who: &Player| {
        for slice in [
            Slice::Players,
            Slice::Allowlist,
            Slice::Bans,
            Slice::Operators,
        ] {
            m.session.model.with(slice, |_| ());
        }
        m.session.model.with(Slice::Status, |model| {
            Some(find_player(who, [(m.id, model)]))
        })
    };
    // A name's id (or an id's name) may be known to one server only: ask again with both.
    let mut profiles: Vec<Player> = Vec::new();
    for m in &members {
        for p in read(m, who).map(|f| f.profiles).unwrap_or_default() {
            if !profiles.contains(&p) {
                profiles.push(p);
            }
        }
    }
    let query = match profiles.as_slice() {
        [one] => one.clone(),
        _ => who.clone(),
    };
    // A server out of reach or still loading its lists cannot say: unknown, not "no".
    let rows = members
        .iter()
        .filter_map(|m| {
            let standing = match m.session.link.with(|l| *l == Link::Ready) {
                true => read(m, &query)?.servers.pop()?,
                false => Standing {
                    server: m.id,
                    online: Fact::Unknown,
                    allowlisted: Fact::Unknown,
                    banned: Fact::Unknown,
                    operator: Fact::Unknown,
                },
            };
            Some((m.id, m.label(), standing))
        })
        .collect();
    (profiles, rows)
}

#[component]
pub fn FindPlayer() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let page = expect_context::<RwSignal<Page>>();
    let draft = expect_context::<BulkDraft>();
    let text = RwSignal::new(String::new());
    let who = RwSignal::new(None::<Player>);
    let error = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(BTreeSet::<u32>::new());
    let found = Memo::new(move |_| who.get().map(|w| standings(fleet, &w)));
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_players(&text.get_untracked()).map(|mut p| (p.len(), p.pop())) {
            Ok((1, Some(p))) => {
                error.set(None);
                chosen.set(BTreeSet::new());
                who.set(Some(p));
            }
            Ok(_) => error.set(Some(t().lookup_one.into())),
            Err(e) => error.set(Some(e)),
        }
    };
    let act = move |_| {
        let Some(p) = who.get_untracked() else { return };
        // The player as the servers know them (the name as spelled there), else as typed.
        let known =
            found.with_untracked(
                |f| match f.as_ref().map(|(profiles, _)| profiles.as_slice()) {
                    Some([one]) => Some(one.label().to_string()),
                    _ => None,
                },
            );
        draft.chosen.set(chosen.get_untracked());
        draft
            .targets
            .set(known.unwrap_or_else(|| p.label().to_string()));
        page.set(Page::Bulk);
    };
    let cell = move |id: u32, f: fn(&Standing) -> String| {
        found.with(|f2| {
            f2.as_ref()
                .and_then(|(_, rows)| rows.iter().find(|r| r.0 == id).map(|r| f(&r.2)))
        })
    };
    view! {
        <form class="toolbar" aria-label=t().page_lookup on:submit=find>
            <label>{t().lookup_label}" "
                <input type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
            </label>
            <button type="submit">{t().lookup_find}</button>
        </form>
        <FormError error=error/>
        {move || found.with(|f| f.as_ref().map(|(profiles, _)| {
            let known = profiles
                .iter()
                .map(|p| format!("{} ({})", p.name.as_deref().unwrap_or("?"), p.id.as_deref().unwrap_or("?")))
                .collect::<Vec<_>>()
                .join(", ");
            view! { <p role="status">{if known.is_empty() { t().lookup_no_profile.to_string() } else { fill(t().lookup_profiles, &[&known]) }}</p> }.into_any()
        }))}
        {move || who.with(Option::is_some).then(|| view! {
            <div class="table-scroll">
                <table aria-label=t().lookup_where>
                    <thead><tr>
                        <th><span class="sr-only">{t().select_column}</span></th>
                        <th>{t().fleet_name}</th><th>{t().lookup_online}</th><th>{t().page_allowlist}</th>
                        <th>{t().lookup_banned}</th><th>{t().lookup_operator}</th>
                    </tr></thead>
                    <tbody>
                        {keyed(move || found.with(|f| f.as_ref().map(|(_, rows)| rows.iter().map(|r| (r.0, r.1.clone())).collect()).unwrap_or_default()),
                            |(id, name): &(u32, String)| format!("{id}\u{0}{name}"),
                            move |(id, name)| view! {
                                <tr>
                                    <td><label class="hit"><input type="checkbox" aria-label=fill(t().lookup_choose, &[&name])
                                        prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| chosen.update(|c| {
                                            if event_target_checked(&ev) { c.insert(id); } else { c.remove(&id); }
                                        })/></label></td>
                                    <td>{name.clone()}</td>
                                    <td>{move || cell(id, |s| yes_no(&s.online, |_| t().lookup_yes.into()))}</td>
                                    <td>{move || cell(id, |s| yes_no(&s.allowlisted, |_| t().lookup_yes.into()))}</td>
                                    <td>{move || cell(id, |s| yes_no(&s.banned, |b| match &b.reason {
                                        Some(r) => fill(t().lookup_banned_for, &[r]),
                                        None => t().lookup_yes.into(),
                                    }))}</td>
                                    <td>{move || cell(id, |s| yes_no(&s.operator, |o| {
                                        fill(t().lookup_level, &[&o.permission_level.map(|l| l.to_string()).unwrap_or_default()])
                                    }))}</td>
                                </tr>
                            })}
                    </tbody>
                </table>
            </div>
            <button type="button" on:click=act disabled=move || chosen.with(BTreeSet::is_empty)>
                {move || fill(t().lookup_act, &[&chosen.with(BTreeSet::len)])}
            </button>
        }.into_any())}
    }
}
