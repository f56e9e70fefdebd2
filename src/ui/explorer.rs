//! Every method in the server's discover document, custom namespaces included, with a
//! form generated from its parameter schema and the raw result. Calls that cannot be undone
//! (`server/stop`, any `*/clear` and any `*/set`) say what they will do and wait for a yes.

use crate::i18n::{fill, setting_label, t};
use crate::logic::schema::{control_for, is_float_literal, template, Control};
use crate::session::Session;
use crate::ui::flow::{each, keyed};
use crate::ui::lists::list_name;
use crate::ui::widgets::{fold, Action, Confirm, ConfirmDialog, OutcomeView};
use leptos::prelude::*;
use msmp::catalog::{LISTS, SETTINGS};
use msmp::jsonrpc::{json_pretty, json_text};
use msmp::model::{DiscoveredMethod, Slice};
use serde_json::{json, Value};

#[component]
pub fn Explorer() -> impl IntoView {
    let session = expect_context::<Session>();
    let filter = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let methods = Memo::new(move |_| {
        let needle = fold(&filter.get());
        session.model.with(Slice::Status, |m| {
            m.discover
                .as_ref()
                .map(|d| {
                    d.methods
                        .iter()
                        .filter(|x| needle.is_empty() || fold(&x.name).contains(&needle))
                        .map(|x| x.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let selected = Memo::new(move |_| {
        let name = chosen.get();
        session.model.with(Slice::Status, |m| {
            m.discover
                .as_ref()
                .and_then(|d| d.methods.iter().find(|x| x.name == name).cloned())
        })
    });
    view! {
        <div class="explorer">
            <div class="toolbar">
                <label>{t().methods_filter_label}" "<input type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/></label>
                <label>{t().method_label}" "
                    <select on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=move || chosen.get()>
                        <option value="">"—"</option>
                        {keyed(move || methods.get(), String::clone, |name| view! { <option value=name.clone()>{name.clone()}</option> })}
                    </select>
                </label>
            </div>
            {move || selected.get().map(|m| view! { <MethodForm method=m/> }.into_any())}
        </div>
    }
}

#[component]
fn MethodForm(method: DiscoveredMethod) -> impl IntoView {
    let session = expect_context::<Session>();
    let components = session.model.with_untracked(|m| {
        m.discover
            .as_ref()
            .map(|d| d.schemas.clone())
            .unwrap_or_default()
    });
    let control = method
        .param
        .as_ref()
        .map(|(_, s)| control_for(s, &components));
    let initial = method
        .param
        .as_ref()
        .map(|(_, s)| template(s, &components))
        .unwrap_or(Value::Null);
    let text = RwSignal::new(match &initial {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v if matches!(control, Some(Control::Json)) => json_pretty(v),
        v => json_text(v),
    });
    let checked = RwSignal::new(false);
    let result = RwSignal::new(None::<String>);
    let action = Action::new();
    let confirm = Confirm::new();
    let name = method.name.clone();
    let ctl = control.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        result.set(None);
        let param = match &ctl {
            None => None,
            Some(c) => match read_param(c, &text.get_untracked(), checked.get_untracked()) {
                Ok(v) => Some(v),
                Err(e) => return action.invalid(e),
            },
        };
        let question = consequence(&name, param.as_ref());
        let name = name.clone();
        let send = move || {
            action.run(session, &name, param, move |v| {
                result.set(Some(json_pretty(v)));
                t().answered.to_string()
            })
        };
        match question {
            Some(q) => confirm.ask(action, q, send),
            None => send(),
        }
    };
    let param_label = method
        .param
        .as_ref()
        .map(|(n, _)| fill(t().param_value_label, &[n]))
        .unwrap_or_default();
    let schema_text = method.param.as_ref().map(|(_, s)| json_pretty(s));
    let field = match control {
        None => view! { <p>{t().no_params}</p> }.into_any(),
        Some(Control::Bool) => view! {
            <label class="check"><input type="checkbox" prop:checked=move || checked.get() on:change=move |ev| checked.set(event_target_checked(&ev))/>{param_label}</label>
        }.into_any(),
        Some(Control::Integer) | Some(Control::Number) => view! {
            <label for="explorer-param">{param_label}</label>
            <input id="explorer-param" type="number" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
        }.into_any(),
        Some(Control::Text) => view! {
            <label for="explorer-param">{param_label}</label>
            <input id="explorer-param" type="text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
        }.into_any(),
        Some(Control::Choice(options)) => view! {
            <label for="explorer-param">{param_label}</label>
            <select id="explorer-param" on:change=move |ev| text.set(event_target_value(&ev)) prop:value=move || text.get()>
                {each(options, |o| { let text = o.clone(); view! { <option value=o>{text}</option> } })}
            </select>
        }.into_any(),
        Some(Control::Json) => view! {
            <label for="explorer-param">{t().param_json_label}</label>
            <textarea id="explorer-param" rows="8" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        }.into_any(),
    };
    view! {
        <section class="card" aria-label=method.name.clone()>
            <h3><code>{method.name.clone()}</code></h3>
            <p>{method.description.clone()}</p>
            {method.notification.then(|| view! { <p class="hint">{t().notification_badge}</p> }.into_any())}
            {schema_text.map(|s| view! { <details><summary>{t().schema_label}</summary><pre>{s}</pre></details> }.into_any())}
            {(!method.notification).then(|| view! {
                // An edited parameter is asked about again.
                <form on:submit=submit.clone() on:input=move |_| confirm.cancel()>
                    {field}
                    <button type="submit" disabled=move || action.busy.get()>{t().call}</button>
                </form>
                <ConfirmDialog confirm=confirm title=t().confirm_call_title yes=t().confirm_call/>
            }.into_any())}
            <OutcomeView action=action/>
            {move || result.get().map(|r| view! {
                <h4>{t().result_label}</h4>
                <pre class="result" aria-label=t().result_label>{r}</pre>
            }.into_any())}
        </section>
    }
}

/// What calling `method` with `param` will do, for the calls that cannot be undone
/// (`server/stop`, any `*/clear`, any `*/set`, in any namespace); None for the others.
fn consequence(method: &str, param: Option<&Value>) -> Option<String> {
    let s = t();
    let path = method.split_once(':').map_or(method, |(_, p)| p);
    let what = if path == "server/stop" {
        s.call_stops_server.to_string()
    } else if let Some(list) = LISTS.iter().find(|l| l.set == method) {
        match param.and_then(Value::as_array).map_or(0, Vec::len) {
            1 => fill(s.call_replaces_list_one, &[&list_name(list.group)]),
            n => fill(s.call_replaces_list, &[&list_name(list.group), &n]),
        }
    } else if let Some(list) = LISTS.iter().find(|l| l.clear == method) {
        fill(s.call_clears_list, &[&list_name(list.group)])
    } else if let Some(setting) = SETTINGS.iter().find(|x| x.set_method == method) {
        let value = param.map(brief).unwrap_or_default();
        fill(s.call_sets_setting, &[&setting_label(setting.key), &value])
    } else if path.ends_with("/set") {
        match param {
            Some(v) => fill(s.call_sets_value, &[&brief(v)]),
            None => s.call_changes_server.to_string(),
        }
    } else if path.ends_with("/clear") {
        s.call_clears.to_string()
    } else {
        return None;
    };
    Some(fill(s.call_confirm, &[&method, &what]))
}

/// `v` as JSON text, cut short to fit in a sentence.
fn brief(v: &Value) -> String {
    let text = json_text(v);
    match text.char_indices().nth(120) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

fn read_param(control: &Control, text: &str, checked: bool) -> Result<Value, String> {
    match control {
        Control::Bool => Ok(json!(checked)),
        Control::Integer => text
            .trim()
            .parse::<i64>()
            .map(|n| json!(n))
            .map_err(|_| fill(t().not_a_whole_number, &[&text])),
        Control::Number => Some(text.trim())
            .filter(|t| is_float_literal(t))
            .map(js_sys::parse_float)
            // JSON has no NaN or infinity: they would go out as null.
            .filter(|n| n.is_finite())
            .map(|n| json!(n))
            .ok_or_else(|| fill(t().not_a_number, &[&text])),
        Control::Text | Control::Choice(_) => Ok(json!(text)),
        Control::Json => crate::json::parse(text).map_err(|e| fill(t().invalid_json, &[&e])),
    }
}
