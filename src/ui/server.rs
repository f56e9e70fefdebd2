//! Save, stop (with typed confirmation) and system messages.

use crate::i18n::t;
use crate::session::Session;
use crate::ui::flow::show;
use crate::ui::players::PlayerPicker;
use crate::ui::widgets::{Action, ActionButton, OutcomeView};
use leptos::prelude::*;
use msmp::to_json::ToJson;
use msmp::types::{Message, Player, SystemMessage};
use serde_json::{json, Value};

const SAVE: &str = "minecraft:server/save";
const STOP: &str = "minecraft:server/stop";
const SYSTEM_MESSAGE: &str = "minecraft:server/system_message";

#[component]
pub fn ServerPage(visible: Signal<bool>) -> impl IntoView {
    view! {
        <SaveForm/>
        <MessageForm visible=visible/>
        <StopForm/>
    }
}

#[component]
fn SaveForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let flush = RwSignal::new(false);
    let action = Action::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.run(session, SAVE, Some(json!(flush.get_untracked())), |_| {
            t().save_started.to_string()
        });
    };
    view! {
        <section class="card" aria-labelledby="save-heading">
            <h3 id="save-heading">{t().save_heading}</h3>
            <form on:submit=submit>
                <label class="check"><input type="checkbox" prop:checked=move || flush.get() on:change=move |ev| flush.set(event_target_checked(&ev))/>{t().flush_label}</label>
                <ActionButton action=action method=SAVE label=t().save/>
                <OutcomeView action=action/>
            </form>
        </section>
    }
}

#[component]
fn StopForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let typed = RwSignal::new(String::new());
    let action = Action::new();
    let confirmed = Signal::derive(move || typed.get().trim() == "STOP");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !confirmed.get_untracked() {
            return action.invalid(t().stop_confirm_label);
        }
        typed.set(String::new());
        action.run(session, STOP, None, |_| t().stop_requested.to_string());
    };
    view! {
        <section class="card danger-zone" aria-labelledby="stop-heading">
            <h3 id="stop-heading">{t().stop_heading}</h3>
            <form on:submit=submit>
                <label for="stop-confirm">{t().stop_confirm_label}</label>
                <input id="stop-confirm" type="text" autocomplete="off" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                <ActionButton action=action method=STOP label=t().stop danger=true disabled=Signal::derive(move || !confirmed.get())/>
                <OutcomeView action=action/>
            </form>
        </section>
    }
}

#[component]
fn MessageForm(visible: Signal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let translatable = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let params = RwSignal::new(String::new());
    let overlay = RwSignal::new(false);
    let everyone = RwSignal::new(true);
    let chosen = RwSignal::new(Vec::<Player>::new());
    let action = Action::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked().trim().to_string();
        if body.is_empty() {
            return action.invalid(t().message_required);
        }
        let message = if translatable.get_untracked() {
            let list: Vec<String> = params
                .get_untracked()
                .lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect();
            Message {
                translatable: Some(body),
                translatable_params: (!list.is_empty()).then_some(list),
                ..Message::default()
            }
        } else {
            Message::literal(body)
        };
        let receivers = if everyone.get_untracked() {
            None
        } else {
            Some(chosen.get_untracked())
        };
        if receivers.as_ref().is_some_and(Vec::is_empty) {
            return action.invalid(t().select_none);
        }
        let param = Some(
            SystemMessage {
                message: Some(message),
                overlay: Some(overlay.get_untracked()),
                receiving_players: receivers,
            }
            .to_json(),
        );
        action.run(session, SYSTEM_MESSAGE, param, |v| {
            if v == &Value::Bool(true) {
                t().sent
            } else {
                t().not_sent
            }
            .to_string()
        });
    };
    view! {
        <section class="card" aria-labelledby="message-heading">
            <h3 id="message-heading">{t().message_heading}</h3>
            <form on:submit=submit>
                <fieldset>
                    <legend>{t().message_kind_legend}</legend>
                    <label class="check"><input type="radio" name="message-kind" prop:checked=move || !translatable.get()
                        on:change=move |_| translatable.set(false)/>{t().message_kind_literal}</label>
                    <label class="check"><input type="radio" name="message-kind" prop:checked=move || translatable.get()
                        on:change=move |_| translatable.set(true)/>{t().message_kind_translatable}</label>
                </fieldset>
                <label for="message-text">{move || if translatable.get() { t().message_key_label } else { t().message_text_label }.to_string()}</label>
                <input id="message-text" type="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                {show(move || translatable.get(), move || view! {
                    <label for="message-params">{t().message_params_label}</label>
                    <textarea id="message-params" rows="2" prop:value=move || params.get() on:input=move |ev| params.set(event_target_value(&ev))></textarea>
                })}
                <label class="check"><input type="checkbox" prop:checked=move || overlay.get() on:change=move |ev| overlay.set(event_target_checked(&ev))/>{t().overlay_label}</label>
                <fieldset>
                    <legend>{t().recipients_legend}</legend>
                    <label class="check"><input type="radio" name="recipients" prop:checked=move || everyone.get()
                        on:change=move |_| everyone.set(true)/>{t().recipients_everyone}</label>
                    <label class="check"><input type="radio" name="recipients" prop:checked=move || !everyone.get()
                        on:change=move |_| everyone.set(false)/>{t().recipients_chosen}</label>
                    {show(move || !everyone.get(), move || view! {
                        <PlayerPicker selected=chosen visible=visible/>
                    })}
                </fieldset>
                <ActionButton action=action method=SYSTEM_MESSAGE label=t().send/>
                <OutcomeView action=action/>
            </form>
        </section>
    }
}
