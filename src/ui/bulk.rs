//! One action on several servers at once: choose the servers, the action and what it
//! needs; one call goes to each chosen server, all in flight together, and a table says per
//! server what became of it. The calls and their outcomes are `msmp::fleet::bulk`'s.

use crate::fleet::{Fleet, Member};
use crate::i18n::{fill, t};
use crate::logic::entries::{parse_ips, parse_players};
use crate::session::describe;
use crate::ui::flow::{each, keyed};
use crate::ui::list_forms::DetailFields;
use crate::ui::widgets::FormError;
use leptos::prelude::*;
use msmp::catalog::Group;
use msmp::fleet::bulk::{Action, BanTerms, Outcome};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    AllowlistAdd,
    AllowlistRemove,
    Ban,
    Unban,
    IpBan,
    IpUnban,
    Op,
    Deop,
    Kick,
    Message,
    Save,
}

const KINDS: [Kind; 11] = [
    Kind::AllowlistAdd,
    Kind::AllowlistRemove,
    Kind::Ban,
    Kind::Unban,
    Kind::IpBan,
    Kind::IpUnban,
    Kind::Op,
    Kind::Deop,
    Kind::Kick,
    Kind::Message,
    Kind::Save,
];

impl Kind {
    fn label(self) -> &'static str {
        let s = t();
        match self {
            Kind::AllowlistAdd => s.bulk_allowlist_add,
            Kind::AllowlistRemove => s.bulk_allowlist_remove,
            Kind::Ban => s.bulk_ban,
            Kind::Unban => s.bulk_unban,
            Kind::IpBan => s.bulk_ip_ban,
            Kind::IpUnban => s.bulk_ip_unban,
            Kind::Op => s.bulk_op,
            Kind::Deop => s.bulk_deop,
            Kind::Kick => s.bulk_kick,
            Kind::Message => s.message_heading,
            Kind::Save => s.save_heading,
        }
    }

    /// The list whose detail fields (reason, expiry; level, bypass) the action takes.
    fn details(self) -> Option<Group> {
        match self {
            Kind::Ban => Some(Group::Bans),
            Kind::IpBan => Some(Group::IpBans),
            Kind::Op => Some(Group::Operators),
            _ => None,
        }
    }

    fn takes_ips(self) -> bool {
        matches!(self, Kind::IpBan | Kind::IpUnban)
    }

    fn takes_players(self) -> bool {
        !matches!(self, Kind::Message | Kind::Save) && !self.takes_ips()
    }
}

/// What the bulk form holds, kept for the tab (not per server on screen), so another page
/// (a player found across servers) can fill it.
#[derive(Clone, Copy)]
pub struct BulkDraft {
    pub chosen: RwSignal<BTreeSet<u32>>,
    pub targets: RwSignal<String>,
}

impl Default for BulkDraft {
    fn default() -> Self {
        Self::new()
    }
}

impl BulkDraft {
    pub fn new() -> Self {
        BulkDraft {
            chosen: RwSignal::new(BTreeSet::new()),
            targets: RwSignal::new(String::new()),
        }
    }
}

pub(crate) fn outcome_text(o: &Outcome) -> String {
    let s = t();
    match o {
        Outcome::Done => s.bulk_done.into(),
        Outcome::Skipped(names) => fill(s.bulk_skipped, &[&names.join(", ")]),
        Outcome::Declined => s.bulk_declined.into(),
        Outcome::Refused(e) => fill(s.bulk_refused, &[e]),
        Outcome::NotConnected => s.not_connected.into(),
        Outcome::Unsupported => s.bulk_unsupported.into(),
        Outcome::Unsure(f) => fill(s.bulk_unsure, &[&describe(f)]),
    }
}

#[component]
pub fn BulkActions() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let BulkDraft { chosen, targets } = expect_context::<BulkDraft>();
    let kind = RwSignal::new(Kind::AllowlistAdd);
    let text = RwSignal::new(String::new());
    let flag = RwSignal::new(false);
    let details = DetailFields::new();
    let error = RwSignal::new(None::<String>);
    // Per chosen server: its id, name and outcome (None while the call is out).
    let results = RwSignal::new(Vec::<(u32, String, Option<Outcome>)>::new());

    let action = move || -> Result<Action, String> {
        let k = kind.get_untracked();
        let players = || parse_players(&targets.get_untracked());
        let ips = || parse_ips(&targets.get_untracked());
        let message = || Some(text.get_untracked()).filter(|m| !m.trim().is_empty());
        let d = details.read()?;
        let given = |s: String| Some(s).filter(|s| !s.trim().is_empty());
        let terms = BanTerms {
            reason: given(d.reason),
            source: given(d.source),
            expires: d.expires,
        };
        Ok(match k {
            Kind::AllowlistAdd => Action::allowlist_add(players()?),
            Kind::AllowlistRemove => Action::allowlist_remove(players()?),
            Kind::Ban => Action::ban(players()?, &terms),
            Kind::Unban => Action::unban(players()?),
            Kind::IpBan => Action::ip_ban(ips()?, &terms),
            Kind::IpUnban => Action::ip_unban(ips()?),
            Kind::Op => Action::op(players()?, d.level, d.bypass),
            Kind::Deop => Action::deop(players()?),
            Kind::Kick => Action::Kick {
                players: players()?,
                message: message(),
            },
            Kind::Message => Action::SystemMessage {
                text: message().ok_or(t().message_required)?,
                overlay: flag.get_untracked(),
            },
            Kind::Save => Action::Save {
                flush: flag.get_untracked(),
            },
        })
    };
    // A removal or a kick asks first, naming what and where (as the single-server pages do).
    let pending = RwSignal::new(None::<(Action, Vec<Member>)>);
    let send = move |action: Action, picked: Vec<Member>| {
        results.set(picked.iter().map(|m| (m.id, m.label(), None)).collect());
        for m in picked {
            let action = action.clone();
            leptos::task::spawn_local(async move {
                let outcome = m.run(&action).await;
                results.update(|all| {
                    if let Some(row) = all.iter_mut().find(|r| r.0 == m.id) {
                        row.2 = Some(outcome);
                    }
                });
            });
        }
    };
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = chosen.get_untracked();
        let picked: Vec<Member> = fleet
            .members
            .get_untracked()
            .into_iter()
            .filter(|m| ids.contains(&m.id))
            .collect();
        let action = match (picked.is_empty(), action()) {
            (true, _) => Err(t().bulk_no_server.to_string()),
            (false, a) => a,
        };
        let action = match action {
            Ok(a) => a,
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        match action {
            Action::Remove(..) | Action::Kick { .. } => pending.set(Some((action, picked))),
            _ => send(action, picked),
        }
    };
    let choose = move |connected_only: bool| {
        chosen.set(
            fleet
                .members
                .get_untracked()
                .iter()
                .filter(|m| !connected_only || m.session.link.with_untracked(|l| l.is_open()))
                .map(|m| m.id)
                .collect(),
        )
    };
    view! {
        <form class="card" aria-label=t().page_bulk on:submit=run>
            <fieldset>
                <legend>{t().bulk_servers}</legend>
                <div class="toolbar">
                    <button type="button" class="small" on:click=move |_| choose(false)>{t().bulk_all}</button>
                    <button type="button" class="small" on:click=move |_| choose(true)>{t().bulk_all_connected}</button>
                    <button type="button" class="small" on:click=move |_| chosen.set(BTreeSet::new())>{t().bulk_none}</button>
                </div>
                {keyed(move || fleet.members.get(), |m| m.id.to_string(), move |m: Member| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&m.id))
                            on:change=move |ev| chosen.update(|c| {
                                if event_target_checked(&ev) { c.insert(m.id); } else { c.remove(&m.id); }
                            })/>
                        {move || m.label()}
                    </label>
                })}
            </fieldset>
            <label for="bulk-kind">{t().bulk_action}</label>
            <select id="bulk-kind" on:change=move |ev| {
                let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                kind.set(KINDS[i.min(KINDS.len() - 1)]);
            }>
                {each(KINDS.iter().enumerate(), |(i, k)| view! { <option value=i.to_string()>{k.label()}</option> })}
            </select>
            {move || {
                let k = kind.get();
                let label = if k.takes_ips() { t().ips_label } else { t().entries_label };
                (k.takes_players() || k.takes_ips()).then(|| view! {
                    <label for="bulk-targets">{label}</label>
                    <textarea id="bulk-targets" rows="4" prop:value=move || targets.get() on:input=move |ev| targets.set(event_target_value(&ev))></textarea>
                }.into_any())
            }}
            {move || kind.get().details().map(|g| details.view(g, "bulk"))}
            {move || {
                let k = kind.get();
                let (label, check) = match k {
                    Kind::Kick => (Some(t().kick_message_label), None),
                    Kind::Message => (Some(t().message_text_label), Some(t().overlay_label)),
                    Kind::Save => (None, Some(t().flush_label)),
                    _ => (None, None),
                };
                view! {
                    {label.map(|l| view! {
                        <label for="bulk-text">{l}</label>
                        <input id="bulk-text" type="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                    }.into_any())}
                    {check.map(|l| view! {
                        <label class="check"><input type="checkbox" prop:checked=move || flag.get() on:change=move |ev| flag.set(event_target_checked(&ev))/>{l}</label>
                    }.into_any())}
                }.into_any()
            }}
            <FormError error=error/>
            // One run at a time: a second one's answers would mix with the first's.
            <button type="submit" disabled=move || results.with(|r| r.iter().any(|x| x.2.is_none()))>
                {move || fill(t().bulk_run, &[&chosen.with(BTreeSet::len)])}
            </button>
        </form>
        {move || pending.with(|p| p.as_ref().map(|(_, picked)| {
            let what = kind.with_untracked(|k| k.label());
            let names = picked.iter().map(|m| m.label()).collect::<Vec<_>>().join(", ");
            view! {
                <div class="card danger-zone confirm" role="alertdialog" aria-label=t().bulk_confirm_title>
                    <p>{fill(t().bulk_confirm, &[&what, &targets.get_untracked().lines().filter(|l| !l.trim().is_empty()).count(), &names])}</p>
                    <button type="button" class="danger" on:click=move |_| {
                        if let Some((action, picked)) = pending.get_untracked() {
                            pending.set(None);
                            send(action, picked);
                        }
                    }>{t().bulk_confirm_yes}</button>" "
                    <button type="button" on:click=move |_| pending.set(None)>{t().cancel}</button>
                </div>
            }
            .into_any()
        }))}
        {move || (!results.with(Vec::is_empty)).then(|| view! {
            <div class="table-scroll"><table aria-label=t().bulk_results>
                <thead><tr><th>{t().fleet_name}</th><th>{t().bulk_outcome}</th></tr></thead>
                <tbody>
                    {each(results.get().into_iter().map(|r| r.0), move |id| view! {
                        <tr>
                            <td>{results.with(|all| all.iter().find(|r| r.0 == id).map(|r| r.1.clone()))}</td>
                            <td>{move || results.with(|all| all.iter().find(|r| r.0 == id).map(|r| {
                                r.2.as_ref().map(outcome_text).unwrap_or_else(|| t().bulk_waiting.into())
                            }))}</td>
                        </tr>
                    })}
                </tbody>
            </table></div>
        }.into_any())}
    }
}
