//! What the panel's actions came to, beyond the form that started them: toasts (so the end
//! of an action started on one page is seen from another) and the audit log page (every
//! action, kept in this browser unless the user opts out; filter; export as JSON or CSV).
//! A chunk: fetched when the first action ends, or the Audit log page is opened.

use crate::i18n::{by_lang, fill, instant, number};
use crate::logic::audit::{self, Entry};
use crate::ui::flow::{each, keyed};
use crate::ui::widgets::{
    download_text, take_finished, Action, Activity, Confirm, ConfirmDialog, Done,
};
use leptos::prelude::*;
use std::cell::OnceCell;
use std::time::Duration;

const LOG_KEY: &str = "msmp-panel.audit";
const OFF_KEY: &str = "msmp-panel.audit-off";
/// How long a toast stays.
const TOAST_FOR: Duration = Duration::from_secs(8);
/// Toasts on screen at once (the oldest goes).
const TOASTS_MAX: usize = 4;

struct Texts {
    heading: &'static str,
    keep: &'static str,
    kept_note: &'static str,
    filter: &'static str,
    shown: &'static str,
    export_json: &'static str,
    export_csv: &'static str,
    clear: &'static str,
    clear_question: &'static str,
    clear_yes: &'static str,
    empty: &'static str,
    col_time: &'static str,
    col_server: &'static str,
    col_method: &'static str,
    col_params: &'static str,
    col_outcome: &'static str,
    ok: &'static str,
    failed: &'static str,
    dismiss: &'static str,
    toasts: &'static str,
}

static EN: Texts = Texts {
    heading: "Actions taken from this panel",
    keep: "Keep the audit log in this browser",
    kept_note: "Kept in this browser's storage (the newest 1,000), never with a secret. Off: only this tab's actions are listed, and nothing is stored.",
    filter: "Filter the audit log",
    shown: "{0} of {1} actions",
    export_json: "Export JSON",
    export_csv: "Export CSV",
    clear: "Clear the audit log",
    clear_question: "Remove all {} actions from the audit log in this browser?",
    clear_yes: "Yes, clear",
    empty: "No action yet.",
    col_time: "Time",
    col_server: "Server",
    col_method: "Method",
    col_params: "Parameters",
    col_outcome: "Outcome",
    ok: "Done",
    failed: "Failed",
    dismiss: "Dismiss",
    toasts: "Outcomes of actions",
};

static ZH: Texts = Texts {
    heading: "在本面板中执行的操作",
    keep: "在此浏览器中保留审计日志",
    kept_note: "保存在此浏览器的存储中（最新 1,000 条），从不包含密钥。关闭后：只列出本标签页中的操作，不保存任何内容。",
    filter: "筛选审计日志",
    shown: "{1} 条操作中的 {0} 条",
    export_json: "导出 JSON",
    export_csv: "导出 CSV",
    clear: "清空审计日志",
    clear_question: "要从此浏览器的审计日志中删除全部 {} 条操作吗？",
    clear_yes: "是，清空",
    empty: "还没有任何操作。",
    col_time: "时间",
    col_server: "服务器",
    col_method: "方法",
    col_params: "参数",
    col_outcome: "结果",
    ok: "成功",
    failed: "失败",
    dismiss: "关闭",
    toasts: "操作结果",
};

fn texts() -> &'static Texts {
    by_lang(&EN, &ZH)
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn keeping() -> bool {
    storage()
        .and_then(|s| s.get_item(OFF_KEY).ok().flatten())
        .is_none()
}

fn store(entries: &[Entry]) {
    if let Some(s) = storage() {
        // A full storage loses the log's newest state, not the action: nothing to tell.
        let _ = s.set_item(LOG_KEY, &audit::save(entries));
    }
}

thread_local! {
    /// Reference-counted, not owned by whichever view first read it: an owned signal
    /// would be disposed with that view (or with the effect's previous run).
    static LOG: OnceCell<ArcRwSignal<Vec<Entry>>> = const { OnceCell::new() };
}

/// The audit log of this browser (or of this tab, when not kept), read once.
fn log() -> ArcRwSignal<Vec<Entry>> {
    LOG.with(|cell| {
        cell.get_or_init(|| {
            let stored = storage()
                .filter(|_| keeping())
                .and_then(|s| s.get_item(LOG_KEY).ok().flatten())
                .map(|t| audit::load(&t))
                .unwrap_or_default();
            ArcRwSignal::new(stored)
        })
        .clone()
    })
}

/// Takes the finished calls as they come: into the log (stored unless opted out) and up as
/// toasts. Mounted once, at the root of the app.
#[component]
pub fn Toasts() -> impl IntoView {
    let Some(Activity(ring)) = use_context::<Activity>() else {
        return ().into_any();
    };
    let toasts = RwSignal::new(Vec::<(u64, Entry, bool)>::new());
    let next = StoredValue::new(0u64);
    Effect::new(move |_| {
        ring.track();
        let done: Vec<Done> = take_finished();
        if done.is_empty() {
            return;
        }
        let log = log();
        let entries: Vec<(Entry, bool)> = done
            .into_iter()
            .map(|d| {
                let entry = Entry {
                    at_ms: d.at_ms,
                    server: d.server,
                    method: d.method,
                    params: audit::params_text(d.params.as_ref()),
                    ok: d.ok,
                    outcome: d.text,
                };
                (entry, d.seen)
            })
            .collect();
        log.update(|l| {
            for (e, _) in &entries {
                audit::push(l, e.clone());
            }
        });
        if keeping() {
            log.with_untracked(|l| store(l));
        }
        for (entry, seen) in entries {
            let id = next.get_value();
            next.set_value(id + 1);
            toasts.update(|t| {
                t.push((id, entry, seen));
                if t.len() > TOASTS_MAX {
                    t.remove(0);
                }
            });
            // `try_`: a language switch may have rebuilt the view (and dropped this one) since.
            set_timeout(
                move || {
                    toasts.try_update(|t| t.retain(|x| x.0 != id));
                },
                TOAST_FOR,
            );
        }
    });
    let tx = texts();
    view! {
        <div class="toasts" aria-label=tx.toasts role="region">
            {keyed(move || toasts.get(), |(id, ..)| id.to_string(), move |(id, e, seen)| view! {
                // Read out only when the form's own outcome was not on screen.
                <div class="toast" class:error=!e.ok role=if seen { "presentation" } else { "status" }
                    aria-hidden=seen.then_some("true")>
                    <span class="toast-server">{e.server}</span>
                    <span>{e.outcome}</span>
                    <button type="button" class="small" aria-label=tx.dismiss
                        on:click=move |_| toasts.update(|t| t.retain(|x| x.0 != id))>"×"</button>
                </div>
            })}
        </div>
    }
    .into_any()
}

/// The audit log page.
#[component]
pub fn AuditLog() -> impl IntoView {
    let log = RwSignal::from(log());
    let tx = texts();
    let keep = RwSignal::new(keeping());
    let filter = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let needle = filter.get();
        log.with(|l| {
            l.iter()
                .rev()
                .filter(|e| audit::matches(e, &needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let set_keep = move |on: bool| {
        keep.set(on);
        if let Some(s) = storage() {
            if on {
                let _ = s.remove_item(OFF_KEY);
                log.with_untracked(|l| store(l));
            } else {
                let _ = s.set_item(OFF_KEY, "1");
                let _ = s.remove_item(LOG_KEY);
            }
        }
    };
    let iso = |ms: u64| {
        js_sys::Date::new(&(ms as f64).into())
            .to_iso_string()
            .as_string()
            .unwrap_or_default()
    };
    let export_json = move |_| {
        let list: Vec<Entry> = shown.get_untracked().into_iter().rev().collect();
        let values: Vec<serde_json::Value> = list
            .iter()
            .map(|e| {
                let mut v = e.to_json();
                v["time"] = iso(e.at_ms).into();
                v
            })
            .collect();
        download_text(
            "msmp-audit.json",
            &serde_json::Value::Array(values).to_string(),
        );
    };
    let export_csv = move |_| {
        let list: Vec<Entry> = shown.get_untracked().into_iter().rev().collect();
        download_text("msmp-audit.csv", &audit::csv(&list, &iso));
    };
    let (action, confirm) = (Action::new(), Confirm::new());
    let clear = move |_| {
        let question = fill(tx.clear_question, &[&number(log.with_untracked(Vec::len))]);
        confirm.ask(action, question, move || {
            log.set(Vec::new());
            if keep.get_untracked() {
                store(&[]);
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="audit-heading">
            <h3 id="audit-heading">{tx.heading}</h3>
            <label class="check"><input type="checkbox" prop:checked=move || keep.get()
                on:change=move |ev| set_keep(event_target_checked(&ev))/>{tx.keep}</label>
            <p class="hint">{tx.kept_note}</p>
            <div class="toolbar">
                <input type="search" aria-label=tx.filter placeholder=tx.filter prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))/>
                <span aria-live="off">{move || fill(tx.shown, &[&number(shown.with(Vec::len)), &number(log.with(Vec::len))])}</span>
                <button type="button" on:click=export_json>{tx.export_json}</button>
                <button type="button" on:click=export_csv>{tx.export_csv}</button>
                <button type="button" class="danger" on:click=clear>{tx.clear}</button>
            </div>
            <ConfirmDialog confirm=confirm title=tx.clear yes=tx.clear_yes/>
            {move || if log.with(Vec::is_empty) {
                view! { <p>{tx.empty}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll"><table class="audit">
                        <thead><tr>
                            <th>{tx.col_time}</th><th>{tx.col_server}</th><th>{tx.col_method}</th>
                            <th>{tx.col_params}</th><th>{tx.col_outcome}</th>
                        </tr></thead>
                        <tbody>
                            {each(shown.get(), move |e| view! {
                                <tr class:error=!e.ok>
                                    <td>{instant(&iso(e.at_ms))}</td>
                                    <td>{e.server}</td>
                                    <td><code>{e.method}</code></td>
                                    <td><code class="params">{e.params}</code></td>
                                    <td>{if e.ok { tx.ok } else { tx.failed }}": "{e.outcome}</td>
                                </tr>
                            })}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}
