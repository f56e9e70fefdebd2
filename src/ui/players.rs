//! The Players page: a table of the players online with what each one is on the server
//! (operator, allowlisted, banned) and buttons to act on one or the selected ones (each
//! with its form, and a question first where it takes something away); a detail view of
//! any player. Also the checkbox picker other pages use to choose online players.

use crate::i18n::{fill, t, time_of_day};
use crate::logic::entries::parse_players;
use crate::logic::players::{events_about, standing, Act, Standing};
use crate::session::Session;
use crate::ui::flow::{each, keyed, player_row_key, show_or};
use crate::ui::list_forms::DetailFields;
use crate::ui::pager::{Pager, PagerNav};
use crate::ui::players_text::{act_texts, texts};
use crate::ui::widgets::{
    Action, ActionButton, Confirm, ConfirmDialog, CopyButton, FormError, NotOffered, OutcomeView,
};
use leptos::prelude::*;
use msmp::model::Slice;
use msmp::types::Player;

/// A checkbox list of the players online, a page at a time; `selected` holds the chosen ones.
#[component]
pub fn PlayerPicker(
    selected: RwSignal<Vec<Player>>,
    /// Whether the page is on screen: hidden, nothing is drawn or recomputed.
    #[prop(optional, into)]
    visible: Option<Signal<bool>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let visible = visible.unwrap_or(Signal::derive(|| true));
    let online = move || session.model.with(Slice::Players, |m| m.players.len());
    let total = Signal::derive(online);
    let pager = Pager::new();
    let players = Memo::new(move |_| {
        let range = pager.window(total.get());
        session
            .model
            .with(Slice::Players, |m| m.players[range].to_vec())
    });
    // Players who left are no longer selectable.
    Effect::new(move |_| {
        if selected.with_untracked(Vec::is_empty) {
            return session.model.with(Slice::Players, |_| ());
        }
        session.model.with(Slice::Players, |m| {
            selected.update(|s| s.retain(|p| m.players.iter().any(|o| o.same_as(p))))
        });
    });
    view! {
        {show_or(move || visible.get() && online() > 0, move || view! {
            <ul class="picker">
                {keyed(move || players.get(), player_row_key, move |p| {
                        let label = p.label().to_string();
                        let aria = fill(t().select_player, &[&label]);
                        let p2 = p.clone();
                        let checked = move || selected.with(|s| s.iter().any(|x| x.same_as(&p2)));
                        view! {
                            <li><label class="check">
                                <input type="checkbox" aria-label=aria prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| {
                                        s.retain(|x| !x.same_as(&p));
                                        if on { s.push(p.clone()); }
                                    });
                                }/>
                                {label}
                            </label></li>
                        }
                    })}
            </ul>
            <PagerNav pager=pager total=total label=t().players_pages/>
        }, move || view! { <p>{(online() == 0).then_some(t().nobody_online)}</p> })}
    }
}

/// Every slice a player's standing reads (tracked).
fn read_standing(session: Session, who: &Player) -> Standing {
    for slice in [Slice::Allowlist, Slice::Bans, Slice::Operators] {
        session.model.with(slice, |_| ());
    }
    session.model.with(Slice::Players, |m| standing(m, who))
}

fn yes_no(b: bool) -> &'static str {
    if b {
        texts().yes
    } else {
        texts().no
    }
}

fn since_text(s: &Standing) -> String {
    s.since
        .map(time_of_day)
        .unwrap_or_else(|| texts().since_before.into())
}

fn operator_text(s: &Standing) -> String {
    match &s.operator {
        Some(o) => fill(
            texts().level,
            &[&o.permission_level
                .map(|l| l.to_string())
                .unwrap_or_default()],
        ),
        None => texts().no.into(),
    }
}

/// The form for one act on some players: its details, the question, the outcome.
#[component]
fn ActForm(chosen: RwSignal<Option<(Act, Vec<Player>)>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let action = Action::new();
    let confirm = Confirm::new();
    let details = DetailFields::new();
    let message = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // A new choice starts clean: no old question or outcome stands for it.
    Effect::new(move |_| {
        chosen.track();
        confirm.cancel();
        action.outcome.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((act, players)) = chosen.get_untracked() else {
            return;
        };
        let d = match details.read() {
            Ok(d) => d,
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        let names: Vec<&str> = players.iter().map(Player::label).collect();
        let names = names.join(", ");
        let param = Some(act.param(&players, &d, &message.get_untracked()));
        let question = fill(act_texts(act).question, &[&names]);
        let run = move || {
            action.run(session, act.method(), param, move |v| {
                let took = session.model.with_untracked(|m| act.took(&players, v, m));
                if took.is_empty() {
                    fill(texts().took_none, &[&names])
                } else {
                    fill(act_texts(act).took, &[&took.join(", ")])
                }
            })
        };
        if act.destructive() {
            confirm.ask(action, question, run);
        } else {
            run();
        }
    };
    move || {
        let (act, players) = chosen.get()?;
        let tx = act_texts(act);
        let names: Vec<&str> = players.iter().map(Player::label).collect();
        Some(view! {
            <section class="card" aria-labelledby="act-heading">
                <h3 id="act-heading">{tx.heading}</h3>
                <p>{names.join(", ")}</p>
                <form on:submit=submit on:input=move |_| confirm.cancel()>
                    {(act == Act::Kick).then(|| view! {
                        <label for="act-message">{texts().message_label}</label>
                        <input id="act-message" type="text" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))/>
                    })}
                    {act.form().map(|g| details.view(g, "act"))}
                    <FormError error=error/>
                    <div class="row">
                        <ActionButton action=action method=act.method() label=tx.heading danger=act.destructive()/>
                        <button type="button" on:click=move |_| chosen.set(None)>{texts().close}</button>
                    </div>
                    <ConfirmDialog confirm=confirm title=tx.heading yes=tx.yes/>
                    <OutcomeView action=action/>
                </form>
            </section>
        })
    }
}

/// Everything the server says about one player, and the events involving them.
#[component]
fn PlayerDetail(who: RwSignal<Option<Player>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_players(&text.get_untracked()).map(|mut p| (p.len(), p.pop())) {
            Ok((1, Some(p))) => {
                error.set(None);
                who.set(Some(p));
            }
            Ok(_) => error.set(Some(t().lookup_one.into())),
            Err(e) => error.set(Some(e)),
        }
    };
    let shown = move || {
        let p = who.get()?;
        let s = read_standing(session, &p);
        let events: Vec<(u64, String)> = session.model.with(Slice::Events, |m| {
            events_about(m, &s.player, 50)
                .into_iter()
                .map(|e| (e.at_ms, e.method.clone()))
                .collect()
        });
        let ban = s.ban.as_ref().map(|b| {
            let mut text = fill(texts().ban_reason, &[&b.reason.clone().unwrap_or_default()]);
            if let Some(until) = &b.expires {
                text = format!(
                    "{text} {}",
                    fill(texts().ban_expires, &[&crate::i18n::instant(until)])
                );
            }
            text
        });
        let tx = texts();
        Some(view! {
            <dl class="facts">
                <dt>{tx.col_name}</dt><dd>{s.player.name.clone().unwrap_or_default()}</dd>
                <dt>{tx.col_uuid}</dt><dd><code>{s.player.id.clone().unwrap_or_default()}</code></dd>
                <dt>{tx.col_since}</dt><dd>{if s.online { fill(tx.detail_online, &[&since_text(&s)]) } else { tx.detail_offline.to_string() }}</dd>
                <dt>{tx.col_operator}</dt><dd>{operator_text(&s)}</dd>
                <dt>{tx.col_allowlisted}</dt><dd>{yes_no(s.allowlisted)}</dd>
                <dt>{tx.col_banned}</dt><dd>{ban.unwrap_or_else(|| tx.no.to_string())}</dd>
            </dl>
            <h4>{tx.detail_events}</h4>
            {if events.is_empty() {
                view! { <p>{tx.detail_no_events}</p> }.into_any()
            } else {
                view! { <ul class="events-about">{each(events, |(at, method)| view! {
                    <li><time>{time_of_day(at)}</time>" "<code>{method}</code></li>
                })}</ul> }.into_any()
            }}
        })
    };
    view! {
        <section class="card" aria-labelledby="detail-heading">
            <h3 id="detail-heading" tabindex="-1">{texts().detail_heading}</h3>
            <form class="toolbar" aria-label=texts().detail_heading on:submit=find>
                <label>{texts().detail_find}" "
                    <input type="search" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                </label>
                <button type="submit">{texts().detail_show}</button>
            </form>
            <FormError error=error/>
            {shown}
        </section>
    }
}

const ROW_ACTS: [Act; 3] = [Act::Kick, Act::Ban, Act::BanIp];

#[component]
pub fn Players(visible: Signal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let selected = RwSignal::new(Vec::<Player>::new());
    let chosen = RwSignal::new(None::<(Act, Vec<Player>)>);
    let detail = use_context::<crate::ui::ShowPlayer>()
        .map(|s| s.0)
        .unwrap_or_else(|| RwSignal::new(None));
    let refusal = RwSignal::new(None::<String>);
    let total = Signal::derive(move || session.model.with(Slice::Players, |m| m.players.len()));
    let pager = Pager::new();
    let rows = Memo::new(move |_| {
        if !visible.get() {
            return Vec::new();
        }
        let range = pager.window(total.get());
        let page: Vec<Player> = session
            .model
            .with(Slice::Players, |m| m.players[range].to_vec());
        page.iter()
            .map(|p| read_standing(session, p))
            .collect::<Vec<_>>()
    });
    // Players who left are no longer selected.
    Effect::new(move |_| {
        session.model.with(Slice::Players, |m| {
            if selected
                .with_untracked(|s| s.iter().any(|p| !m.players.iter().any(|o| o.same_as(p))))
            {
                selected.update(|s| s.retain(|p| m.players.iter().any(|o| o.same_as(p))));
            }
        });
    });
    let pick = move |act: Act, players: Vec<Player>| {
        if players.is_empty() {
            return refusal.set(Some(t().select_none.into()));
        }
        refusal.set(None);
        chosen.set(Some((act, players)));
    };
    let on_selected = move |act: Act| move |_| pick(act, selected.get_untracked());
    // A row's state is part of its key: a row is redrawn when the player's standing changes.
    let row_key = |s: &Standing| {
        format!(
            "{}\u{0}{:?}\u{0}{}\u{0}{}\u{0}{:?}",
            player_row_key(&s.player),
            s.operator.as_ref().map(|o| o.permission_level),
            s.allowlisted,
            s.ban.is_some(),
            s.since
        )
    };
    let tx = texts();
    view! {
        <NotOffered method="minecraft:players"/>
        <section class="card" aria-labelledby="online-heading">
            <h3 id="online-heading">{tx.online_heading}" "<span aria-live="off">{move || format!("({})", crate::i18n::number(total.get()))}</span></h3>
            <div class="toolbar" role="group" aria-label=tx.with_selected>
                {each([Act::Kick, Act::Ban, Act::BanIp, Act::Allow, Act::Unallow, Act::Op, Act::Deop], move |act| view! {
                    <button type="button" class="small" class:danger=act.destructive() on:click=on_selected(act)>{act_texts(act).selected}</button>
                })}
            </div>
            <FormError error=refusal/>
            {show_or(move || total.get() > 0, move || view! {
                <div class="table-scroll"><table class="players">
                    <thead><tr>
                        <th><span class="sr-only">{t().select_column}</span></th>
                        <th>{tx.col_name}</th><th>{tx.col_uuid}</th><th>{tx.col_since}</th>
                        <th>{tx.col_operator}</th><th>{tx.col_allowlisted}</th><th>{tx.col_banned}</th>
                        <th>{tx.col_actions}</th>
                    </tr></thead>
                    <tbody>
                        {keyed(move || rows.get(), row_key, move |s: Standing| {
                            let label = s.player.label().to_string();
                            let p = s.player.clone();
                            let (p1, p2, p3) = (p.clone(), p.clone(), p.clone());
                            let checked = move || selected.with(|sel| sel.iter().any(|x| x.same_as(&p1)));
                            let uuid = s.player.id.clone().unwrap_or_default();
                            let allow = if s.allowlisted { Act::Unallow } else { Act::Allow };
                            let op = if s.operator.is_some() { Act::Deop } else { Act::Op };
                            let acts: Vec<(Act, Player)> = ROW_ACTS.into_iter().chain([allow, op]).map(|a| (a, p.clone())).collect();
                            view! {
                                <tr>
                                    <td><label class="hit"><input type="checkbox" aria-label=fill(t().select_player, &[&label]) prop:checked=checked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|sel| {
                                                sel.retain(|x| !x.same_as(&p2));
                                                if on { sel.push(p2.clone()); }
                                            });
                                        }/></label></td>
                                    <td><button type="button" class="link" aria-label=fill(tx.details_of, &[&label])
                                        on:click=move |_| {
                                            detail.set(Some(p3.clone()));
                                            if let Some(h) = document().get_element_by_id("detail-heading") {
                                                if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h) { let _ = h.focus(); }
                                            }
                                        }>{label.clone()}</button></td>
                                    <td>{(!uuid.is_empty()).then(|| { let u = uuid.clone(); view! { <code>{uuid.clone()}</code>" "<CopyButton text=Signal::derive(move || u.clone()) label=tx.copy/> } })}</td>
                                    <td>{since_text(&s)}</td>
                                    <td>{operator_text(&s)}</td>
                                    <td>{yes_no(s.allowlisted)}</td>
                                    <td>{yes_no(s.ban.is_some())}</td>
                                    <td><div class="row" role="group" aria-label=fill(tx.actions_of, &[&label])>
                                        {each(acts, move |(act, who)| {
                                            let name = fill(act_texts(act).row, &[&who.label()]);
                                            view! { <button type="button" class="small" class:danger=act.destructive()
                                                on:click=move |_| pick(act, vec![who.clone()])>{name}</button> }
                                        })}
                                    </div></td>
                                </tr>
                            }
                        })}
                    </tbody>
                </table></div>
                <PagerNav pager=pager total=total label=t().players_pages/>
            }, move || view! { <p>{t().nobody_online}</p> })}
        </section>
        <ActForm chosen=chosen/>
        <PlayerDetail who=detail/>
    }
}
