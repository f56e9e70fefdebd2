//! The live log of everything the server sent that was not an answer: notifications (known,
//! unknown and custom), bad payloads and malformed frames.

use crate::i18n::{problem_text, t, time_of_day};
use crate::session::Session;
use crate::ui::flow::{keyed, show};
use crate::ui::pager::{Pager, PagerNav};
use crate::ui::widgets::{download_json, fold};
use leptos::prelude::*;
use msmp::jsonrpc::json_text;
use msmp::model::{Event, EventKind, Slice};
use serde_json::{json, Value};

fn kind_class(k: EventKind) -> &'static str {
    match k {
        EventKind::Notification => "notification",
        EventKind::Unknown => "unknown",
        EventKind::Invalid => "invalid",
        EventKind::Malformed => "malformed",
        EventKind::Ignored => "ignored",
    }
}

fn event_json(e: &Event) -> Value {
    json!({
        "time": js_sys::Date::new(&(e.at_ms as f64).into()).to_iso_string().as_string(),
        "kind": kind_class(e.kind),
        "method": e.method,
        "params": e.params,
        // As the row shows it, in the language in use.
        "error": e.error.as_ref().map(problem_text),
        // Large params are kept only in part: say so, with their full size.
        "paramsTruncatedFromBytes": e.truncated,
    })
}

fn details(e: &Event) -> String {
    let params = match (&e.params, e.truncated) {
        (Some(Value::String(start)), Some(len)) => {
            crate::i18n::fill(t().params_truncated, &[&start, &len])
        }
        (p, _) => p.as_ref().map(json_text).unwrap_or_default(),
    };
    match e.error.as_ref().map(problem_text) {
        Some(err) if params.is_empty() => err,
        Some(err) => format!("{err} — {params}"),
        None => params,
    }
}

/// One event as a table row; every server-provided string is text.
#[component]
pub fn EventRow(event: Event) -> impl IntoView {
    let method = if event.method.is_empty() {
        "—".to_string()
    } else {
        event.method.clone()
    };
    view! {
        <tr class=format!("event {}", kind_class(event.kind))>
            <td class="time">{time_of_day(event.at_ms)}</td>
            <td class="method">{method}</td>
            <td class="details"><code>{details(&event)}</code></td>
        </tr>
    }
}

#[component]
pub fn Events(visible: Signal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let filter = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("all"));
    let paused = RwSignal::new(false);
    // While paused the view shows the log as it was at the moment of pausing (taken in
    // the handler, so the view never shows an empty log in between).
    let frozen = RwSignal::new(Vec::<Event>::new());
    let toggle_pause = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        if on {
            frozen.set(
                session
                    .model
                    .with_untracked(|m| m.events.iter().cloned().collect()),
            );
        }
        paused.set(on);
    };
    let shown = Memo::new(move |_| {
        // Hidden, the page neither reads nor draws the log.
        if !visible.get() {
            return Vec::new();
        }
        let needle = fold(&filter.get());
        let kind = kind.get();
        let keep = |e: &Event| {
            (kind == "all" || kind_class(e.kind) == kind)
                && (needle.is_empty()
                    || fold(&e.method).contains(&needle)
                    || fold(&details(e)).contains(&needle))
        };
        let mut out: Vec<Event> = if paused.get() {
            frozen.with(|f| f.iter().filter(|e| keep(e)).cloned().collect())
        } else {
            session.model.with(Slice::Events, |m| {
                m.events.iter().filter(|e| keep(e)).cloned().collect()
            })
        };
        out.reverse();
        out
    });
    let pager = Pager::new();
    let total = Signal::derive(move || shown.with(Vec::len));
    let on_screen = move || {
        let range = pager.window(total.get());
        shown.with(|s| s[range].to_vec())
    };
    let export = move |_| {
        let all: Vec<Value> = shown.with_untracked(|s| s.iter().map(event_json).collect());
        download_json("msmp-events.json", &Value::Array(all));
    };
    view! {
        <div class="toolbar">
            <label>{t().events_filter_label}" "<input type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/></label>
            <label>{t().events_kind_label}" "
                <select on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                    <option value="all">{t().kind_all}</option>
                    <option value="notification">{t().kind_notification}</option>
                    <option value="unknown">{t().kind_unknown}</option>
                    <option value="invalid">{t().kind_invalid}</option>
                    <option value="malformed">{t().kind_malformed}</option>
                    <option value="ignored">{t().kind_ignored}</option>
                </select>
            </label>
            <label class="check"><input type="checkbox" prop:checked=move || paused.get() on:change=toggle_pause/>{t().pause}</label>
            <button type="button" on:click=export>{t().export_json}</button>
        </div>
        {show(move || paused.get(), move || view! {<p class="hint" role="status">{t().paused}</p>})}
        <div class="table-scroll"><table class="events">
            <thead><tr><th>{t().col_time}</th><th>{t().col_event}</th><th>{t().col_details}</th></tr></thead>
            <tbody>
                {keyed(on_screen, |e| e.seq.to_string(), |e| view! { <EventRow event=e/> })}
            </tbody>
        </table></div>
        <PagerNav pager=pager total=total label=t().event_pages/>
        {show(move || shown.with(Vec::is_empty), move || view! {<p>{t().no_events}</p>})}
    }
}
