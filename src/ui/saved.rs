//! The servers saved in this browser (names and addresses; a secret only where the user
//! chose to remember it): add, open in the tab, rename, reorder, remove, forget every
//! secret, export and import as JSON. The list's rules are `logic::servers`.

use crate::fleet::Fleet;
use crate::i18n::{fill, t};
use crate::logic::connect::LinkedServer;
use crate::logic::secrets::SavedSecrets;
use crate::logic::servers::ServerList;
use crate::ui::connect::ConnectDraft;
use crate::ui::flow::{each, keyed};
use crate::ui::prefs;
use crate::ui::widgets::download_text;
use leptos::prelude::*;

/// One row of the saved list as drawn: what changes redraws it.
#[derive(Clone, PartialEq)]
struct Row {
    id: u32,
    name: String,
    address: String,
    has_secret: bool,
}

#[component]
pub fn SavedServers() -> impl IntoView {
    let fleet = expect_context::<Fleet>();
    let draft = expect_context::<ConnectDraft>();
    let list = expect_context::<RwSignal<ServerList>>();
    // The outcome of the last change: (is an error, text).
    let note = RwSignal::new(None::<(bool, String)>);
    let change = move |f: &dyn Fn(&mut ServerList, &mut SavedSecrets) -> Result<String, String>| {
        let mut secrets = draft.saved.get_untracked();
        let outcome = list
            .try_update(|l| f(l, &mut secrets))
            .unwrap_or_else(|| Err(String::new()));
        draft.saved.set(secrets);
        list.with_untracked(|l| prefs::store_servers(&l.to_stored()));
        draft.saved.with_untracked(prefs::store_secrets);
        note.set(match outcome {
            Ok(m) if m.is_empty() => None,
            Ok(m) => Some((false, m)),
            Err(e) => Some((true, e)),
        });
    };
    let rows = move || {
        list.with(|l| {
            l.entries()
                .iter()
                .map(|e| Row {
                    id: e.id,
                    name: e.name.clone(),
                    address: e.address.clone(),
                    has_secret: e.secret.is_some(),
                })
                .collect::<Vec<_>>()
        })
    };
    let open = move |id: u32| {
        let Some(e) = list.with_untracked(|l| l.get(id).cloned()) else {
            return;
        };
        if let Err(e) = fleet.open(&e.linked()) {
            note.set(Some((true, e)));
        }
    };

    let (name, address, secret, remember) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
    );
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, a, s, keep) = (
            name.get_untracked(),
            address.get_untracked(),
            secret.get_untracked(),
            remember.get_untracked(),
        );
        change(&|l, secrets| {
            let id = l.add(&n, &a)?;
            if keep && !s.is_empty() {
                if let Err(e) = l.set_secret(id, Some(&s), secrets) {
                    l.remove(id, secrets);
                    return Err(e);
                }
            }
            Ok(fill(
                t().servers_added,
                &[&l.get(id).map(|e| e.name.clone()).unwrap_or_default()],
            ))
        });
        let added = note
            .with_untracked(|n| matches!(n, Some((false, _))))
            .then(|| list.with_untracked(|l| l.find_address(&a).cloned()))
            .flatten();
        if let Some(e) = added.filter(|e| !fleet.has_address(&e.address)) {
            // The secret typed goes to the connection either way; it is kept only if asked.
            let linked = LinkedServer {
                secret: Some(s).filter(|s| !s.is_empty()),
                ..e.linked()
            };
            if let Err(e) = fleet.open(&linked) {
                note.set(Some((true, e)));
            }
        }
        if note.with_untracked(|n| matches!(n, Some((false, _)))) {
            for field in [name, address, secret] {
                field.set(String::new());
            }
        }
    };
    // Servers open in the tab that the list lacks (from a link): offered for saving.
    let unsaved = move || {
        fleet
            .members
            .get()
            .iter()
            .filter_map(|m| {
                let url = m
                    .session
                    .endpoint
                    .with(|e| e.as_ref().map(|e| e.url.clone()))?;
                list.with(|l| l.find_address(&url).is_none())
                    .then(|| (url, m.label()))
            })
            .collect::<Vec<_>>()
    };
    let include = RwSignal::new(false);
    let import_text = RwSignal::new(String::new());
    let import = move |_| {
        let text = import_text.get_untracked();
        change(&|l, secrets| match l.import_json(&text, secrets) {
            Ok(o) => Ok(fill(
                t().servers_imported,
                &[&o.added.len(), &o.updated.len(), &o.unchanged.len()],
            )),
            Err(problems) => Err(problems.join(" ")),
        });
    };
    // Every secret remembered on this device, the connection form's too.
    let secrets_saved = move || draft.saved.with(SavedSecrets::len);

    view! {
        <section class="card" aria-labelledby="saved-heading">
            <h3 id="saved-heading">{t().servers_saved}</h3>
            {move || note.get().map(|(error, text)| view! {
                <p class=if error { "error" } else { "" } role=if error { "alert" } else { "status" }>{text}</p>
            }.into_any())}
            <div class="table-scroll"><table aria-label=t().servers_saved>
                <thead><tr>
                    <th>{t().fleet_name}</th><th>{t().fleet_address}</th><th>{t().secret_label}</th><th>{t().servers_actions}</th>
                </tr></thead>
                <tbody>
                    {keyed(rows, |r: &Row| format!("{}\u{0}{}\u{0}{}", r.id, r.name, r.has_secret), move |r: Row| {
                        let renamed = RwSignal::new(r.name.clone());
                        let id = r.id;
                        let url = r.address.clone();
                        view! {
                            <tr>
                                <td>
                                    <input type="text" aria-label=fill(t().servers_name_of, &[&r.name])
                                        prop:value=move || renamed.get() on:input=move |ev| renamed.set(event_target_value(&ev))/>
                                    <button type="button" class="small" on:click=move |_| {
                                        let n = renamed.get_untracked();
                                        change(&|l, _| l.rename(id, &n).map(|_| t().servers_renamed.to_string()));
                                        if let Some(e) = list.with_untracked(|l| l.get(id).cloned()) {
                                            fleet.rename_address(&e.address, &e.name);
                                        }
                                    }>{t().servers_rename}</button>
                                </td>
                                <td>{r.address.trim_end_matches('/').to_string()}</td>
                                <td>{if r.has_secret { t().servers_secret_saved } else { "" }}</td>
                                <td>
                                    <button type="button" class="small" hidden=move || fleet.has_address(&url)
                                        aria-label=fill(t().servers_open_named, &[&r.name]) on:click=move |_| open(id)>{t().servers_open}</button>
                                    <button type="button" class="small" aria-label=fill(t().servers_up_named, &[&r.name])
                                        on:click=move |_| change(&|l, _| { l.move_up(id); Ok(String::new()) })>"↑"</button>
                                    <button type="button" class="small" aria-label=fill(t().servers_down_named, &[&r.name])
                                        on:click=move |_| change(&|l, _| { l.move_down(id); Ok(String::new()) })>"↓"</button>
                                    <button type="button" class="small" aria-label=fill(t().servers_remove_named, &[&r.name])
                                        on:click=move |_| change(&|l, s| Ok(l.remove(id, s).map(|e| fill(t().servers_removed, &[&e.name])).unwrap_or_default()))>{t().servers_remove}</button>
                                </td>
                            </tr>
                        }
                    })}
                </tbody>
            </table></div>
            {move || {
                let open_unsaved = unsaved();
                (!open_unsaved.is_empty()).then(|| view! {
                    <p>{t().servers_unsaved}" "
                        {each(open_unsaved, move |(url, label)| view! {
                            <button type="button" class="small" aria-label=fill(t().servers_save_named, &[&label]) on:click=move |_| {
                                let (url, label) = (url.clone(), label.clone());
                                change(&|l, _| {
                                    // The link's name may be taken: the list picks a free one.
                                    let id = l.add_linked(&url, Some(&label))?;
                                    l.keep(id);
                                    Ok(fill(t().servers_added, &[&l.get(id).map(|e| e.name.clone()).unwrap_or_default()]))
                                });
                            }>{fill(t().servers_save_named, &[&label])}</button>" "
                        })}
                    </p>
                }.into_any())
            }}
            <button type="button" class="small" disabled=move || secrets_saved() == 0
                on:click=move |_| change(&|l, s| { l.forget_all_secrets(s); Ok(t().servers_forgot.to_string()) })>
                {move || fill(t().forget_all_secrets, &[&secrets_saved()])}
            </button>
        </section>
        <form class="card" aria-label=t().servers_add on:submit=add>
            <h3>{t().servers_add}</h3>
            <label for="add-name">{t().fleet_name}</label>
            <input id="add-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            <label for="add-address">{t().address_label}</label>
            <input id="add-address" type="text" prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
            <label for="add-secret">{t().secret_label}</label>
            <input id="add-secret" type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
            <label class="check"><input type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>{t().remember_label}</label>
            <button type="submit">{t().servers_add_button}</button>
        </form>
        <section class="card" aria-labelledby="transfer-heading">
            <h3 id="transfer-heading">{t().servers_transfer}</h3>
            <label class="check"><input type="checkbox" prop:checked=move || include.get() on:change=move |ev| include.set(event_target_checked(&ev))/>{t().servers_include_secrets}</label>
            {move || include.get().then(|| view! { <p class="warn" role="alert">{t().servers_secrets_warning}</p> }.into_any())}
            <button type="button" on:click=move |_| {
                let text = list.with_untracked(|l| l.export_json(include.get_untracked()));
                download_text("msmp-servers.json", &text);
            }>{t().servers_export}</button>
            <label for="import-text">{t().servers_import_label}</label>
            <textarea id="import-text" rows="4" prop:value=move || import_text.get() on:input=move |ev| import_text.set(event_target_value(&ev))></textarea>
            <button type="button" on:click=import>{t().servers_import}</button>
        </section>
    }
}
