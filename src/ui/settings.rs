//! All server settings, generated from `msmp::catalog::SETTINGS`: one typed control per
//! setting, each saved on its own, showing the value the server returned.

use crate::i18n::{fill, setting_label, t};
use crate::session::Session;
use crate::ui::flow::each;
use crate::ui::widgets::{unavailable, Action, ActionButton, Draft, OutcomeView};
use leptos::prelude::*;
use msmp::catalog::{Component, Schema, Setting, SETTINGS};
use msmp::jsonrpc::{json_pretty, json_text};
use msmp::model::Slice;
use msmp::types::{Difficulty, GameType};
use serde_json::{json, Value};

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <div class="settings">
            {each(SETTINGS.iter(), |s| view! { <SettingRow setting=s/> })}
        </div>
    }
}

/// The form's text for a value the server sent.
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => json_text(other),
    }
}

/// The form's text and checkbox for a value the server sent.
fn shown(v: &Value) -> (String, bool) {
    (as_text(v), v.as_bool().unwrap_or(false))
}

/// The value to send, checked against the setting's type and limits.
fn parse_input(setting: &Setting, text: &str, checked: bool) -> Result<Value, String> {
    match setting.schema {
        Schema::Bool => Ok(json!(checked)),
        Schema::Int => {
            let (lo, hi) = setting.limits.unwrap_or((i64::MIN, i64::MAX));
            text.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (lo..=hi).contains(n))
                .map(|n| json!(n))
                .ok_or_else(|| fill(t().number_out_of_range, &[&lo, &hi]))
        }
        _ => Ok(json!(text)),
    }
}

#[component]
fn SettingRow(setting: &'static Setting) -> impl IntoView {
    let session = expect_context::<Session>();
    let current = Memo::new(move |_| {
        session
            .model
            .with(Slice::Settings, |m| m.settings.get(setting.key).cloned())
    });
    let draft = Draft::following(move || current.get().map(|v| shown(&v)));
    let Draft { text, checked } = draft;
    let action = Action::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_input(setting, &text.get_untracked(), checked.get_untracked()) {
            Ok(v) => action.run(session, setting.set_method, Some(v), move |r| {
                // The server may have adjusted the value: the form shows what it kept.
                draft.show(shown(r));
                fill(t().saved_value, &[&as_text(r)])
            }),
            Err(e) => action.invalid(e),
        }
    };
    let id = format!("setting-{}", setting.key);
    let label = setting_label(setting.key);
    let control = match setting.schema {
        Schema::Bool => {
            view! { <label class="hit"><input id=id.clone() type="checkbox" prop:checked=move || checked.get() on:change=move |ev| checked.set(event_target_checked(&ev))/></label> }.into_any()
        }
        Schema::Int => {
            let (lo, hi) = setting.limits.unwrap_or((i64::MIN, i64::MAX));
            view! { <input id=id.clone() type="number" step="1" min=lo max=hi prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/> }
                .into_any()
        }
        Schema::Ref(c @ (Component::Difficulty | Component::GameType)) => {
            let options = if c == Component::Difficulty {
                Difficulty::KNOWN
            } else {
                GameType::KNOWN
            };
            view! {
                <select id=id.clone() on:change=move |ev| text.set(event_target_value(&ev)) prop:value=move || text.get()>
                    {each(options.iter(), |o| view! { <option value=*o>{*o}</option> })}
                </select>
            }
            .into_any()
        }
        _ => view! { <input id=id.clone() type="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/> }.into_any(),
    };
    // A server that lists the getter but not the setter (a bridge may): shown, not edited.
    let read_only = unavailable(session, setting.set_method);
    let not_offered = unavailable(session, setting.get_method);
    view! {
        <form class="card setting" aria-label=label on:submit=submit novalidate>
            <label for=id.clone()>{label}</label>
            <fieldset class="bare" disabled=move || read_only.get().is_some()>{control}</fieldset>
            {move || not_offered.get().map(|why| view! { <p class="hint">{why}</p> }.into_any())}
            <ActionButton action=action method=setting.set_method label=t().save_setting/>
            <p class="hint">{setting.set_description}</p>
            <p class="current">{move || current.get().map(|v| fill(t().current_value, &[&json_pretty(&v)])).unwrap_or_default()}</p>
            <OutcomeView action=action/>
        </form>
    }
}
