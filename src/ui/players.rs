//! Online players, and kicking one or many (confirmed) with an optional message.

use crate::i18n::{fill, t};
use crate::session::Session;
use crate::ui::flow::{keyed, player_row_key, show_or};
use crate::ui::pager::{Pager, PagerNav};
use crate::ui::widgets::{Action, ActionButton, Confirm, ConfirmDialog, NotOffered, OutcomeView};
use leptos::prelude::*;
use msmp::model::Slice;
use msmp::to_json::ToJson;
use msmp::types::{KickPlayer, Message, Player};
use serde_json::Value;

const KICK: &str = "minecraft:players/kick";

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

#[component]
pub fn Players(visible: Signal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let selected = RwSignal::new(Vec::<Player>::new());
    let message = RwSignal::new(String::new());
    let action = Action::new();
    let confirm = Confirm::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let players = selected.get_untracked();
        if players.is_empty() {
            return action.invalid(t().select_none);
        }
        let names: Vec<&str> = players.iter().map(Player::label).collect();
        let question = fill(t().kick_confirm, &[&names.join(", ")]);
        let text = message.get_untracked();
        let message = (!text.trim().is_empty()).then(|| Message::literal(text.trim()));
        let kicks: Vec<KickPlayer> = players
            .into_iter()
            .map(|player| KickPlayer {
                player,
                message: message.clone(),
            })
            .collect();
        let param = Some(kicks.to_json());
        confirm.ask(action, question, move || {
            action.run(session, KICK, param, |v| {
                let kicked: Vec<String> = v
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| p.get("name").and_then(Value::as_str).map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                if kicked.is_empty() {
                    t().kicked_none.to_string()
                } else {
                    fill(t().kicked, &[&kicked.join(", ")])
                }
            })
        });
    };
    view! {
        <NotOffered method="minecraft:players"/>
        <section class="card" aria-labelledby="kick-heading">
            <h3 id="kick-heading">{t().kick_heading}</h3>
            // A changed selection or message is asked about again.
            <form on:submit=submit on:input=move |_| confirm.cancel()>
                <PlayerPicker selected=selected visible=visible/>
                <label for="kick-message">{t().kick_message_label}</label>
                <input id="kick-message" type="text" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))/>
                <ActionButton action=action method=KICK label=t().kick_selected danger=true/>
                <ConfirmDialog confirm=confirm title=t().kick_heading yes=t().confirm_kick/>
                <OutcomeView action=action/>
            </form>
        </section>
    }
}
