//! The forms of a list page: add (with reason, source and expiry for bans; level and
//! bypass for operators), replace the whole list (with a diff to confirm) and clear
//! (confirmed, with a download offered first). A chunk: the table stays in the start module.

use crate::i18n::{fill, t};
use crate::logic::entries::{missing_from, parse_ips, parse_players};
use crate::logic::lists::{
    diff, ip_ban_items, player_items, replacement, Details, Replacement, Row,
};
use crate::logic::transfer::{self, Preview};
use crate::session::Session;
use crate::ui::flow::{each, keyed, player_row_key};
use crate::ui::lists::{len_of, ListForms};
use crate::ui::widgets::{
    download_json, Action, ActionButton, Confirm, ConfirmDialog, OutcomeView,
};
use leptos::prelude::*;
use msmp::catalog::{Group, ListSpec};
use msmp::from_json::FromJson;
use msmp::model::Slice;
use msmp::types::{IpBan, Player};
use serde_json::Value;

/// The add, replace and clear forms of the list whose page provides [`ListForms`].
#[component]
pub fn Forms(visible: Signal<bool>) -> impl IntoView {
    let ListForms { spec, rows } = expect_context::<ListForms>();
    view! {
        <AddForm spec=spec visible=visible/>
        <ReplaceForm spec=spec rows=rows/>
        <ImportExport spec=spec/>
        <ClearForm spec=spec rows=rows/>
    }
}

/// The players a list result holds (allowlist items are players; the others wrap one).
fn players_in(group: Group, result: &Value) -> Vec<Player> {
    result
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let p = if group == Group::Allowlist {
                        Some(item)
                    } else {
                        item.get("player")
                    };
                    p.and_then(|p| Player::from_json(p).ok())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// "Added 2 of 3: 'foo' not a known player" for player lists.
fn added_message(group: Group, requested: &[Player], result: &Value) -> String {
    let missing = missing_from(requested, &players_in(group, result));
    let added = requested.len() - missing.len();
    if missing.is_empty() {
        fill(t().added_all, &[&added, &requested.len()])
    } else {
        let names: Vec<String> = missing.iter().map(|n| format!("'{n}'")).collect();
        fill(
            t().added_some,
            &[&added, &requested.len(), &names.join(", ")],
        )
    }
}

/// Element ids of one list's form: `ip_bans-add`, `allowlist-set`, ...
fn id_prefix(spec: &ListSpec, form: &str) -> String {
    format!("{}-{form}", spec.base)
}

/// A datetime-local value as an ISO-8601 instant (UTC), or an error for people.
fn expiry_instant(local: &str) -> Result<String, String> {
    let d = js_sys::Date::new(&local.into());
    if local.is_empty() || d.get_time().is_nan() {
        return Err(format!("{}: \"{local}\"", t().col_expires));
    }
    Ok(d.to_iso_string().as_string().unwrap_or_default())
}

/// The detail fields of one form (reason, source, expiry; level and bypass for operators).
#[derive(Clone, Copy)]
pub(crate) struct DetailFields {
    reason: RwSignal<String>,
    source: RwSignal<String>,
    never: RwSignal<bool>,
    expires: RwSignal<String>,
    level: RwSignal<String>,
    bypass: RwSignal<bool>,
}

impl DetailFields {
    pub(crate) fn new() -> Self {
        DetailFields {
            reason: RwSignal::new(String::new()),
            source: RwSignal::new(String::new()),
            never: RwSignal::new(true),
            expires: RwSignal::new(String::new()),
            level: RwSignal::new("4".into()),
            bypass: RwSignal::new(false),
        }
    }

    pub(crate) fn read(&self) -> Result<Details, String> {
        let expires = if self.never.get_untracked() {
            None
        } else {
            Some(expiry_instant(&self.expires.get_untracked())?)
        };
        Ok(Details {
            reason: self.reason.get_untracked(),
            source: self.source.get_untracked(),
            expires,
            level: self.level.get_untracked().parse().unwrap_or(4),
            bypass: self.bypass.get_untracked(),
        })
    }

    pub(crate) fn view(self, group: Group, prefix: &str) -> AnyView {
        let id = |name: &str| format!("{prefix}-{name}");
        match group {
            Group::Bans | Group::IpBans => view! {
                <label for=id("reason")>{t().reason_label}</label>
                <input id=id("reason") type="text" prop:value=move || self.reason.get() on:input=move |ev| self.reason.set(event_target_value(&ev))/>
                <label for=id("source")>{t().source_label}</label>
                <input id=id("source") type="text" prop:value=move || self.source.get() on:input=move |ev| self.source.set(event_target_value(&ev))/>
                <fieldset>
                    <legend>{t().expires_label}</legend>
                    <label class="check"><input type="checkbox" prop:checked=move || self.never.get() on:change=move |ev| self.never.set(event_target_checked(&ev))/>{t().never_expires}</label>
                    <input type="datetime-local" aria-label=t().expires_label prop:value=move || self.expires.get() on:input=move |ev| self.expires.set(event_target_value(&ev)) disabled=move || self.never.get()/>
                </fieldset>
            }
            .into_any(),
            Group::Operators => view! {
                <label for=id("level")>{t().level_label}</label>
                <select id=id("level") on:change=move |ev| self.level.set(event_target_value(&ev)) prop:value=move || self.level.get()>
                    {each(1..=4, |l| view! { <option value=l.to_string()>{l.to_string()}</option> })}
                </select>
                <label class="check"><input type="checkbox" prop:checked=move || self.bypass.get() on:change=move |ev| self.bypass.set(event_target_checked(&ev))/>{t().bypass_label}</label>
            }
            .into_any(),
            _ => ().into_any(),
        }
    }
}

#[component]
fn AddForm(spec: &'static ListSpec, visible: Signal<bool>) -> impl IntoView {
    let session = expect_context::<Session>();
    let group = spec.group;
    let entries = RwSignal::new(String::new());
    let by_player = RwSignal::new(String::new());
    let details = DetailFields::new();
    let action = Action::new();
    // Only the IP ban form offers the players online, and only while on screen.
    let online = Memo::new(move |_| {
        if group != Group::IpBans || !visible.get() {
            return Vec::new();
        }
        session.model.with(Slice::Players, |m| m.players.clone())
    });
    let prefix = id_prefix(spec, "add");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = match details.read() {
            Ok(d) => d,
            Err(e) => return action.invalid(e),
        };
        if group == Group::IpBans {
            let ips = match parse_ips(&entries.get_untracked()) {
                Ok(ips) => ips,
                Err(e) => return action.invalid(e),
            };
            let player = by_player.get_untracked();
            let players: Vec<Player> = (!player.is_empty())
                .then(|| Player::named(player))
                .into_iter()
                .collect();
            if ips.is_empty() && players.is_empty() {
                return action.invalid(t().ips_required);
            }
            let before = session.model.with_untracked(|m| m.ip_bans.clone());
            let items = ip_ban_items(&ips, &players, &d);
            action.run(session, spec.add, Some(Value::Array(items)), move |v| {
                let after = Vec::<IpBan>::from_json(v).unwrap_or_default();
                let new = after
                    .iter()
                    .filter(|b| !before.iter().any(|x| x.ip == b.ip))
                    .count();
                let all_listed = ips.iter().all(|ip| after.iter().any(|b| &b.ip == ip));
                if new == 0 && (ips.is_empty() || !all_listed) {
                    t().added_ips_none.to_string()
                } else {
                    // Only a success empties the form: a failed call loses nothing typed.
                    entries.set(String::new());
                    by_player.set(String::new());
                    fill(t().added_ips, &[&after.len()])
                }
            });
            return;
        }
        let players = match parse_players(&entries.get_untracked()) {
            Ok(p) => p,
            Err(e) => return action.invalid(e),
        };
        let items = player_items(group, &players, &d);
        action.run(session, spec.add, Some(Value::Array(items)), move |v| {
            // Keep only what the server skipped, so it can be corrected and sent again.
            entries.set(missing_from(&players, &players_in(group, v)).join("\n"));
            added_message(group, &players, v)
        });
    };
    let entries_label = if group == Group::IpBans {
        t().ips_label
    } else {
        t().entries_label
    };
    view! {
        <section class="card" aria-labelledby=format!("{prefix}-heading")>
            <h3 id=format!("{prefix}-heading")>{t().add_heading}</h3>
            <form on:submit=submit>
                <label for=format!("{prefix}-entries")>{entries_label}</label>
                <textarea id=format!("{prefix}-entries") rows="3" spellcheck="false" prop:value=move || entries.get() on:input=move |ev| entries.set(event_target_value(&ev))></textarea>
                {(group == Group::IpBans).then(|| view! {
                    <label for="ip-ban-player">{t().online_player_label}</label>
                    <select id="ip-ban-player" on:change=move |ev| by_player.set(event_target_value(&ev)) prop:value=move || by_player.get()>
                        <option value="">{t().no_player}</option>
                        {keyed(move || online.get(), player_row_key, |p| view! { <option value=p.label().to_string()>{p.label().to_string()}</option> })}
                    </select>
                }.into_any())}
                {details.view(group, &prefix)}
                <ActionButton action=action method=spec.add label=t().add/>
                <OutcomeView action=action/>
            </form>
        </section>
    }
}

#[component]
fn ReplaceForm(spec: &'static ListSpec, rows: Memo<Vec<Row>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let group = spec.group;
    let text = RwSignal::new(String::new());
    let details = DetailFields::new();
    let review = RwSignal::new(None::<(Vec<String>, Vec<String>)>);
    let action = Action::new();
    let prefix = id_prefix(spec, "set");
    // Start from the current list.
    let fill_current = move || {
        let lines: Vec<String> =
            rows.with_untracked(|r| r.iter().map(|r| r.cells[0].clone()).collect());
        text.set(lines.join("\n"));
        review.set(None);
    };
    let build = move || {
        replacement(
            group,
            &text.get_untracked(),
            &rows.get_untracked(),
            &details.read()?,
        )
    };
    let on_review = move |_| match build() {
        Ok(new) => review.set(Some(rows.with_untracked(|r| diff(r, &new.keys)))),
        Err(e) => action.invalid(e),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Replacement { items, players, .. } = match build() {
            Ok(b) => b,
            Err(e) => return action.invalid(e),
        };
        review.set(None);
        action.run(session, spec.set, Some(Value::Array(items)), move |v| {
            if players.is_empty() {
                fill(t().replaced, &[&len_of(v)])
            } else {
                format!(
                    "{} {}",
                    fill(t().replaced, &[&len_of(v)]),
                    added_message(group, &players, v)
                )
            }
        });
    };
    let label = if group == Group::IpBans {
        t().ips_label
    } else {
        t().replace_entries_label
    };
    view! {
        <details class="card" on:toggle=move |_| fill_current()>
            <summary><h3>{t().replace_heading}</h3></summary>
            <form on:submit=submit>
                <label for=format!("{prefix}-entries")>{label}</label>
                <textarea id=format!("{prefix}-entries") rows="5" spellcheck="false" prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); review.set(None); }></textarea>
                {details.view(group, &prefix)}
                <button type="button" on:click=on_review>{t().review}</button>
                {move || review.get().map(|(added, removed)| {
                    let nothing = added.is_empty() && removed.is_empty();
                    view! {
                        <div class="diff" role="status">
                            {(!added.is_empty()).then(|| view! { <p class="added">{fill(t().diff_added, &[&added.join(", ")])}</p> }.into_any())}
                            {(!removed.is_empty()).then(|| view! { <p class="removed">{fill(t().diff_removed, &[&removed.join(", ")])}</p> }.into_any())}
                            {nothing.then(|| view! { <p>{t().diff_nothing}</p> }.into_any())}
                        </div>
                        <ActionButton action=action method=spec.set label=t().confirm_replace danger=true/>
                    }
                    .into_any()
                })}
                <OutcomeView action=action/>
            </form>
        </details>
    }
}

#[component]
fn ClearForm(spec: &'static ListSpec, rows: Memo<Vec<Row>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let confirm = Confirm::new();
    let action = Action::new();
    let file = format!("{}.json", spec.base);
    let clear_id = id_prefix(spec, "clear");
    let download = move |_| {
        let all: Vec<Value> = rows.with_untracked(|r| r.iter().map(|r| r.raw.clone()).collect());
        download_json(&file, &Value::Array(all));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let question = fill(t().clear_confirm, &[&rows.with_untracked(Vec::len)]);
        confirm.ask(action, question, move || {
            action.run(session, spec.clear, None, |_| t().cleared.to_string())
        });
    };
    view! {
        <section class="card" aria-labelledby=format!("{clear_id}-heading")>
            <h3 id=format!("{clear_id}-heading")>{t().clear_heading}</h3>
            <form on:submit=submit>
                <ActionButton action=action method=spec.clear label=t().clear danger=true/>
            </form>
            <ConfirmDialog confirm=confirm title=t().clear_heading yes=t().confirm_clear>
                <button type="button" on:click=download.clone()>{t().download_first}</button>
            </ConfirmDialog>
            <OutcomeView action=action/>
        </section>
    }
}

/// Import into the list from pasted text or a file (CSV, JSON, one entry per line) with a
/// preview first; export the list as CSV or JSON.
#[component]
fn ImportExport(spec: &'static ListSpec) -> impl IntoView {
    let session = expect_context::<Session>();
    let group = spec.group;
    let text = RwSignal::new(String::new());
    // The preview and the text it was made from: a changed text needs a new preview.
    let previewed = RwSignal::new(None::<(String, Preview)>);
    let action = Action::new();
    let id = id_prefix(spec, "import");
    let show_preview = move || {
        let t = text.get_untracked();
        let p = session
            .model
            .with_untracked(|m| transfer::preview(group, &t, m, &crate::json::parse));
        action.outcome.set(None);
        previewed.set(Some((t, p)));
    };
    let load = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(v) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                text.set(v.as_string().unwrap_or_default());
                show_preview();
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((seen, p)) = previewed.get_untracked() else {
            return show_preview();
        };
        if seen != text.get_untracked() {
            return action.invalid(t().import_stale);
        }
        if p.new.is_empty() {
            return action.invalid(t().import_nothing);
        }
        let items: Vec<Value> = p.new.iter().map(|i| i.value.clone()).collect();
        let players: Vec<Player> = p.new.iter().filter_map(|i| i.player.clone()).collect();
        let count = items.len();
        action.run(session, spec.add, Some(Value::Array(items)), move |v| {
            previewed.set(None);
            if group == Group::IpBans {
                fill(t().added_all, &[&count, &count])
            } else {
                added_message(group, &players, v)
            }
        });
    };
    let download = move |csv: bool| {
        let name = format!("{}.{}", spec.base, if csv { "csv" } else { "json" });
        let body = session.model.with_untracked(|m| {
            if csv {
                transfer::export_csv(group, m)
            } else {
                transfer::export_json(group, m).to_string()
            }
        });
        crate::ui::widgets::download_text(&name, &body);
    };
    let list = |title: &'static str, lines: Vec<String>| {
        let (open, summary) = (!lines.is_empty(), fill(title, &[&lines.len()]));
        view! {
            <details open=open>
                <summary>{summary}</summary>
                <ul class="names">{each(lines, |l| view! { <li>{l}</li> })}</ul>
            </details>
        }
    };
    view! {
        <section class="card" aria-labelledby=format!("{id}-heading")>
            <h3 id=format!("{id}-heading")>{t().import_heading}</h3>
            <form on:submit=submit on:input=move |_| action.outcome.set(None)>
                <label for=format!("{id}-text")>{t().import_text}</label>
                <textarea id=format!("{id}-text") rows="4" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <label for=format!("{id}-file")>{t().import_file}</label>
                <input id=format!("{id}-file") type="file" accept=".csv,.json,.txt,text/csv,application/json,text/plain" on:change=load/>
                <div class="row">
                    <button type="button" on:click=move |_| show_preview()>{t().import_preview}</button>
                    {move || previewed.with(|p| p.as_ref().map(|(_, p)| p.new.len())).map(|n| view! {
                        <ActionButton action=action method=spec.add label=t().import_heading/>
                        <span class="hint">{fill(t().import_send, &[&n])}</span>
                    })}
                </div>
                {move || previewed.get().map(|(_, p)| view! {
                    <div class="preview" role="status">
                        {list(t().import_new, p.new.iter().map(|i| i.label.clone()).collect())}
                        {list(t().import_present, p.present.iter().map(|i| i.label.clone()).collect())}
                        {list(t().import_invalid, p.invalid.iter().map(|b| fill(t().import_line, &[&b.line, &b.why])).collect())}
                    </div>
                })}
                <OutcomeView action=action/>
            </form>
            <div class="row">
                <button type="button" on:click=move |_| download(true)>{t().export_csv}</button>
                <button type="button" on:click=move |_| download(false)>{t().export_json}</button>
            </div>
        </section>
    }
}
