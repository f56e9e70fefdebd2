//! All server settings as one form, generated from `msmp::catalog::SETTINGS`: change any
//! number of them, see which differ from the server, then "Save changes (N)" sends them all
//! at once and each setting shows what the server kept; "Discard" goes back to the server's
//! values.

use crate::i18n::{fill, setting_label, t};
use crate::logic::settings::{as_text, differs, parse_input, saved_text, shown};
use crate::session::Session;
use crate::ui::flow::each;
use crate::ui::motd::MotdEditor;
use crate::ui::widgets::{unavailable, Action, Draft, OutcomeView};
use leptos::prelude::*;
use msmp::catalog::{Component, Schema, Setting, SETTINGS};
use msmp::model::Slice;
use msmp::types::{Difficulty, GameType};
use serde_json::Value;

/// One setting's part of the form.
#[derive(Clone, Copy)]
struct Row {
    setting: &'static Setting,
    current: Memo<Option<Value>>,
    draft: Draft,
    action: Action,
    /// The server lists the getter but not the setter (a bridge may): shown, not edited.
    read_only: Memo<Option<String>>,
}

impl Row {
    fn new(session: Session, setting: &'static Setting) -> Row {
        let current = Memo::new(move |_| {
            session
                .model
                .with(Slice::Settings, |m| m.settings.get(setting.key).cloned())
        });
        Row {
            setting,
            current,
            draft: Draft::following(move || current.get().map(|v| shown(&v))),
            action: Action::new(),
            read_only: unavailable(session, setting.set_method),
        }
    }

    fn changed(&self) -> bool {
        self.read_only.with(Option::is_none)
            && self.current.with(|c| {
                differs(
                    self.setting,
                    c.as_ref(),
                    &self.draft.text.read(),
                    self.draft.checked.get(),
                )
            })
    }
}

#[component]
pub fn Settings() -> impl IntoView {
    let session = expect_context::<Session>();
    let rows = StoredValue::new(
        SETTINGS
            .iter()
            .map(|s| Row::new(session, s))
            .collect::<Vec<_>>(),
    );
    let changed =
        Memo::new(move |_| rows.with_value(|rs| rs.iter().filter(|r| r.changed()).count()));
    let busy = move || rows.with_value(|rs| rs.iter().any(|r| r.action.busy.get()));
    let note = Action::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edited: Vec<Row> =
            rows.with_value(|rs| rs.iter().filter(|r| r.changed()).copied().collect());
        if edited.is_empty() {
            return note.invalid(t().settings_none_changed);
        }
        note.outcome.set(None);
        // Nothing is sent while any value is wrong: each says what is wrong with it.
        let mut calls = Vec::new();
        for r in &edited {
            r.action.outcome.set(None);
            let (text, checked) = (
                r.draft.text.get_untracked(),
                r.draft.checked.get_untracked(),
            );
            match parse_input(r.setting, &text, checked) {
                Ok(v) => calls.push((*r, v)),
                Err(e) => r.action.invalid(e),
            }
        }
        if calls.len() < edited.len() {
            return;
        }
        for (r, sent) in calls {
            r.action.run(
                session,
                r.setting.set_method,
                Some(sent.clone()),
                move |kept| {
                    // The server may have adjusted the value: the form shows what it kept.
                    r.draft.show(shown(kept));
                    saved_text(&sent, kept)
                },
            );
        }
    };
    let discard = move |_| {
        note.outcome.set(None);
        rows.with_value(|rs| {
            for r in rs {
                r.action.outcome.set(None);
                if let Some(v) = r.current.get_untracked() {
                    r.draft.show(shown(&v));
                }
            }
        });
    };
    view! {
        <form class="settings-form" aria-label=t().page_settings on:submit=submit novalidate>
            <div class="savebar">
                <button type="submit" disabled=busy>{move || fill(t().save_changes, &[&changed.get()])}</button>
                <button type="button" class="small" disabled=move || changed.get() == 0 on:click=discard>{t().discard_changes}</button>
                <OutcomeView action=note/>
            </div>
            <div class="settings">
                {rows.with_value(|rs| each(rs.clone(), |r| view! { <SettingRow row=r/> }))}
            </div>
        </form>
    }
}

#[component]
fn SettingRow(row: Row) -> impl IntoView {
    let Row {
        setting,
        current,
        draft,
        action,
        read_only,
    } = row;
    let session = expect_context::<Session>();
    let Draft { text, checked } = draft;
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
        _ if setting.key == "motd" => view! { <MotdEditor id=id.clone() text=text/> }.into_any(),
        _ => view! { <input id=id.clone() type="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/> }.into_any(),
    };
    let not_offered = unavailable(session, setting.get_method);
    let heading = format!("{id}-label");
    view! {
        <div class="card setting" class:changed=move || row.changed() role="group" aria-labelledby=heading.clone()>
            <label id=heading.clone() for=id.clone()>{label}</label>
            <fieldset class="bare" disabled=move || read_only.get().is_some()>{control}</fieldset>
            {move || not_offered.get().or(read_only.get()).map(|why| view! { <p class="hint">{why}</p> }.into_any())}
            {move || row.changed().then(|| view! { <p class="hint changed">{t().setting_changed}</p> }.into_any())}
            <p class="hint">{setting.set_description}</p>
            <p class="current">{move || current.get().map(|v| fill(t().current_value, &[&as_text(&v)])).unwrap_or_default()}</p>
            <OutcomeView action=action/>
        </div>
    }
}
